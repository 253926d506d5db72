package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The units as packaged: systemd accepts them, and they agree with the files and the program they start
 * (paths, exit codes, writable folders), which systemd cannot know.
 */
class SystemdUnitIT {

    private static final String UNITS = "lib/systemd/system/";

    /**
     * The highest exposure `systemd-analyze security` may give each unit (0 is best, 10 worst), as measured
     * on systemd 252 (Debian 12); install/README.md has the before and after.
     */
    private static final Map<String, Double> MAX_EXPOSURE = Map.of(
            "edge-agent.service", 1.9,
            "edge-agent-firstboot.service", 1.3);

    /**
     * The checks each unit is allowed to fail, each for a reason its unit file gives; any other failed check
     * is a hardening setting lost, even one too light to move the rounded score.
     */
    private static final Map<String, Set<String>> ACCEPTED_EXPOSURES = Map.of(
            "edge-agent.service", Set.of(
                    // The JVM's calls are all in @system-service, which includes these groups.
                    "SystemCallFilter=~@resources", "SystemCallFilter=~@privileged",
                    "RootDirectory=/RootImage=",
                    // Serial ports and GPIO chips, and their DeviceAllow= list.
                    "PrivateDevices=", "DeviceAllow=",
                    "PrivateMounts=",
                    // The JIT.
                    "MemoryDenyWriteExecute=",
                    // Brokers, OPC UA, Modbus TCP, the control socket and glibc's address lookups.
                    "PrivateNetwork=", "IPAddressDeny=", "RestrictAddressFamilies=~AF_(INET|INET6)",
                    "RestrictAddressFamilies=~AF_UNIX", "RestrictAddressFamilies=~AF_NETLINK",
                    "ProcSubset=", "PrivateUsers="),
            "edge-agent-firstboot.service", Set.of(
                    // Root, to write /etc/edge-agent; it changes to the edge-agent user for the check (setpriv)
                    // and keeps the config's owner in the .bak (cp -p).
                    "User=/DynamicUser=", "PrivateUsers=",
                    "CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)", "CapabilityBoundingSet=~CAP_(CHOWN|FSETID|SETFCAP)",
                    "SystemCallFilter=~@privileged",
                    "RootDirectory=/RootImage=",
                    // The check's JVM: its JIT.
                    "MemoryDenyWriteExecute=",
                    // NSS lookups of the service user's groups.
                    "RestrictAddressFamilies=~AF_UNIX",
                    // PrivateDevices= itself leaves /dev/rtc readable; the scorer counts that.
                    "DeviceAllow="));

    /**
     * One check of `systemd-analyze security --json=short`: set is true when passed, false when failed (and
     * then its exposure is a number), null when it does not apply.
     */
    private static final Pattern CHECK =
            Pattern.compile("\\{\"set\":(true|false|null),\"name\":\"([^\"]+)\"[^{}]*\"exposure\":(null|\"[0-9.]+\")\\}");
    private static final Pattern OVERALL = Pattern.compile("Overall exposure level for [^:]+: ([0-9]+\\.[0-9]+)");

    /** Values of {@code key} in a unit, in order (a key may repeat). */
    private static List<String> values(String unit, String key) throws IOException {
        return Files.readAllLines(Build.debRoot().resolve(UNITS + unit)).stream()
                .filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1))
                .toList();
    }

    private static String value(String unit, String key) throws IOException {
        List<String> values = values(unit, key);
        assertEquals(1, values.size(), unit + " sets " + key + " once: " + values);
        return values.get(0);
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnits() throws IOException, InterruptedException {
        Build.requireTool("systemd-analyze", "systemd-analyze verify of the units");
        // verify resolves ExecStart= binaries and the units' dependencies under --root: the unpacked package
        // gives the former, this machine's own units the targets they name.
        Path root = Build.fresh("systemd-root");
        for (String dir : List.of("usr/bin", "usr/lib/edge-agent")) {
            copyTree(Build.debRoot().resolve(dir), root.resolve(dir));
        }
        Path hostUnits = Path.of("/lib/systemd/system");
        Build.skipUnless(Files.isDirectory(hostUnits), "systemd-analyze verify: no " + hostUnits + " to take targets from");
        copyTree(hostUnits, root.resolve(UNITS));
        copyTree(Build.debRoot().resolve(UNITS), root.resolve(UNITS));
        Build.Result verify = Build.run(List.of("systemd-analyze", "verify", "--root=" + root,
                "edge-agent.service", "edge-agent-firstboot.service"));
        // Unknown keys and bad values are only warnings with exit status 0: any output is a finding.
        assertEquals(0, verify.exit(), verify.toString());
        assertEquals("", verify.both(), "systemd-analyze verify has findings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge-agent.service", "edge-agent-firstboot.service"})
    void hardeningKeepsItsExposureScore(String unit) throws IOException, InterruptedException {
        Build.requireTool("systemd-analyze", "systemd-analyze security of " + unit);
        Build.Result version = Build.run(List.of("systemd-analyze", "--version"));
        Matcher release = Pattern.compile("^systemd (\\d+)").matcher(version.out());
        Build.skipUnless(release.find() && Integer.parseInt(release.group(1)) >= 250,
                "systemd-analyze security of " + unit + ": --offline needs systemd 250 or later, this is " + version.out().lines().findFirst().orElse("?"));
        String file = Build.debRoot().resolve(UNITS + unit).toString();

        Build.Result table = Build.run(List.of("systemd-analyze", "security", "--offline=yes", file));
        assertEquals(0, table.exit(), table.toString());
        Matcher overall = OVERALL.matcher(table.out());
        assertTrue(overall.find(), "no overall exposure level in " + table);
        double exposure = Double.parseDouble(overall.group(1));
        assertTrue(exposure <= MAX_EXPOSURE.get(unit),
                unit + " is rated " + exposure + ", above its " + MAX_EXPOSURE.get(unit) + ":\n" + table.out());

        Build.Result json = Build.run(List.of("systemd-analyze", "security", "--offline=yes", "--json=short", file));
        assertEquals(0, json.exit(), json.toString());
        int checks = 0;
        Set<String> failed = new TreeSet<>();
        Matcher check = CHECK.matcher(json.out());
        while (check.find()) {
            checks++;
            if (check.group(1).equals("false")) {
                failed.add(check.group(2) + " " + check.group(3).replace("\"", ""));
            }
        }
        assertTrue(checks > 50, "systemd-analyze security checks " + checks + " settings? " + json);
        failed.removeIf(f -> ACCEPTED_EXPOSURES.get(unit).contains(f.substring(0, f.lastIndexOf(' '))));
        assertEquals(Set.of(), failed, unit + " lost hardening that its unit file says it has");
    }

    @Test
    void serviceStartsThePackagedLauncherOnTheConffileAsTheServiceUser() throws IOException {
        String exec = value("edge-agent.service", "ExecStart");
        assertEquals("/usr/bin/edge-agent run --config /etc/edge-agent/agent.yaml", exec);
        assertTrue(Files.isExecutable(Build.debRoot().resolve("usr/bin/edge-agent")));
        assertTrue(Files.isRegularFile(Build.debRoot().resolve("etc/edge-agent/agent.yaml")));
        assertEquals("edge-agent", value("edge-agent.service", "User"));
    }

    @Test
    void aBrokenConfigEndsTheStartWithoutARestartLoop() throws IOException, InterruptedException {
        // `run` on a broken config exits 2 (see LauncherIT); that status must be one systemd does not restart.
        assertEquals("on-failure", value("edge-agent.service", "Restart"));
        assertTrue(Arrays.asList(value("edge-agent.service", "RestartPreventExitStatus").split(" ")).contains("2"));
        Path broken = Build.fresh("unit-broken").resolve("agent.yaml");
        Files.writeString(broken, "agent:\n  id: Not_Valid\n");
        Build.Result run = Build.run(List.of(Build.debRoot().resolve("usr/bin/edge-agent").toString(),
                "run", "--config", broken.toString()), Map.of(), null);
        assertEquals(2, run.exit(), run.toString());
    }

    @Test
    void javaTempDirIsInsideTheOnlyWritableFolder() throws IOException {
        String javaOpts = value("edge-agent.service", "Environment");
        assertTrue(javaOpts.startsWith("\"JAVA_OPTS=") && javaOpts.endsWith("\""), javaOpts);
        String tmpdir = Arrays.stream(javaOpts.split("[ \"]"))
                .filter(o -> o.startsWith("-Djava.io.tmpdir="))
                .map(o -> o.substring("-Djava.io.tmpdir=".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no java.io.tmpdir in " + javaOpts));
        List<String> stateDirs = Arrays.stream(value("edge-agent.service", "StateDirectory").split(" "))
                .map(d -> "/var/lib/" + d).toList();
        assertTrue(stateDirs.contains(tmpdir), tmpdir + " is created by StateDirectory= " + stateDirs);
        assertEquals("strict", value("edge-agent.service", "ProtectSystem"));
        assertTrue(javaOpts.contains("-Xmx") && javaOpts.contains("-XX:MaxMetaspaceSize="), javaOpts);
    }

    @Test
    void firstBootRunsOnlyForTheFileItInstalls() throws IOException {
        String condition = value("edge-agent-firstboot.service", "ConditionPathExists");
        String exec = value("edge-agent-firstboot.service", "ExecStart");
        assertEquals("/usr/lib/edge-agent/edge-agent-firstboot " + condition + " /etc/edge-agent/agent.yaml", exec);
        assertTrue(values("edge-agent.service", "Wants").contains("edge-agent-firstboot.service"));
        assertTrue(values("edge-agent.service", "After").contains("edge-agent-firstboot.service"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(paths::add);
        }
        for (Path p : paths) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isSymbolicLink(p)) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Files.readSymbolicLink(p));
            } else if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
