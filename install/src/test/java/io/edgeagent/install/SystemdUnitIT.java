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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The units as packaged: systemd accepts them, and they agree with the files and the program they start
 * (paths, exit codes, writable folders), which systemd cannot know.
 */
class SystemdUnitIT {

    private static final String UNITS = "lib/systemd/system/";

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
