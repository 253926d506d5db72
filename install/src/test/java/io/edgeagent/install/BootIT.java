package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package's hardened units started by a real systemd: the Debian bookworm root of ChrootIT with the
 * package installed and a factory config on its /boot/firmware, booted with `systemd-nspawn -b` (no network
 * but loopback). The first-boot unit installs the config, then edge-agent.service runs under all its
 * restrictions and answers `edge-agent status`. Opt in with {@code -Dedge.install.boot=true}: it needs
 * root, debootstrap, systemd-nspawn (Debian's systemd-container) and nsenter; about a minute.
 */
class BootIT {

    private static final String WHAT = "the units booted under systemd-nspawn";
    private static final Duration BOUND = Duration.ofSeconds(90);

    private static Path root;
    private static Process container;
    /** The container's systemd, as the host numbers it: commands run in its namespaces through nsenter. */
    private static long init;
    private static String shipped;

    @BeforeAll
    static void boot() throws IOException, InterruptedException {
        Build.skipUnless(Boolean.getBoolean("edge.install.boot"), WHAT + ": opt in with -Dedge.install.boot=true"
                + " (root, debootstrap, systemd-nspawn and a Debian mirror needed)");
        Build.skipUnless(Build.isRoot(), WHAT + ": needs root");
        Build.requireTool("debootstrap", WHAT);
        Build.requireTool("systemd-nspawn", WHAT);
        Build.requireTool("nsenter", WHAT);
        root = Build.WORK.resolve("boot-root");
        DebianBase.unpack(root);
        // /var/tmp, not /tmp: nspawn puts a tmpfs on /tmp.
        Files.copy(Build.DEB, root.resolve("var/tmp/edge-agent.deb"));
        DebianBase.ok(Build.run(nspawn("--pipe", "dpkg", "-i", "/var/tmp/edge-agent.deb"), Map.of(), null, BOUND));
        shipped = Files.readString(root.resolve("etc/edge-agent/agent.yaml"));
        Path card = Files.createDirectories(root.resolve("boot/firmware"));
        Files.writeString(card.resolve("edge-agent.yaml"), shipped.replace("id: edge-gw01", "id: plant-7-gw03"));

        Path console = Build.WORK.resolve("boot-console.log");
        container = new ProcessBuilder(nspawn("-b", "--private-network", "--console=pipe"))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(console.toFile())
                .redirectErrorStream(true)
                .start();
        init = awaitInit(console);
        awaitBoot();
    }

    /**
     * nspawn on this root, with no machined to register with and no scope of its own: it runs where the
     * tests run, with or without a systemd on the host.
     */
    private static List<String> nspawn(String... args) {
        List<String> command = new ArrayList<>(List.of("systemd-nspawn", "--quiet", "--register=no", "--keep-unit",
                "--directory=" + root));
        command.addAll(List.of(args));
        return command;
    }

    /** The child of nspawn that is the container's systemd, once it has exec'd. */
    private static long awaitInit(Path console) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(BOUND);
        while (Instant.now().isBefore(deadline) && container.isAlive()) {
            Optional<ProcessHandle> systemd = container.toHandle().children()
                    .filter(p -> p.info().command().filter(c -> c.endsWith("/systemd")).isPresent())
                    .findFirst();
            if (systemd.isPresent()) {
                return systemd.get().pid();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("no systemd in the container within " + BOUND + ":\n" + Files.readString(console));
    }

    /**
     * Until the boot is over, whatever its outcome: `is-system-running --wait` waits for that, once systemd
     * answers at all (right after its exec it has no socket yet).
     */
    private static void awaitBoot() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(BOUND);
        Build.Result state = Build.run(in("systemctl is-system-running --wait"), Map.of(), null, BOUND);
        while (!List.of("running", "degraded").contains(state.out().strip()) && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(200);
            state = Build.run(in("systemctl is-system-running --wait"), Map.of(), null, BOUND);
        }
        assertTrue(List.of("running", "degraded").contains(state.out().strip()), "the boot did not end: " + state);
    }

    /** A shell command in the container, run in all its namespaces. */
    private static List<String> in(String script) {
        return List.of("nsenter", "--target=" + init, "--all", "/bin/sh", "-euc", script);
    }

    private static String out(String script) throws IOException, InterruptedException {
        return DebianBase.ok(Build.run(in(script))).out().strip();
    }

    @AfterAll
    static void powerOff() throws IOException, InterruptedException {
        if (container != null) {
            Build.run(in("systemctl poweroff"));
            if (!container.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                container.destroyForcibly().waitFor();
            }
        }
        if (root != null) {
            DebianBase.remove(root);
        }
    }

    @Test
    void firstBootInstalledTheCardsConfigBeforeTheAgentStarted() throws IOException, InterruptedException {
        assertEquals("success", property("edge-agent-firstboot", "Result"));
        assertEquals("0", property("edge-agent-firstboot", "ExecMainStatus"));
        assertTrue(out("cat /etc/edge-agent/agent.yaml").contains("id: plant-7-gw03"));
        assertEquals(shipped, out("cat /etc/edge-agent/agent.yaml.bak") + "\n", "the shipped config is kept");
        assertFalse(Files.exists(root.resolve("boot/firmware/edge-agent.yaml")), "the card's copy is gone");
        assertTrue(Long.parseLong(property("edge-agent-firstboot", "ExecMainExitTimestampMonotonic"))
                        <= Long.parseLong(property("edge-agent", "ExecMainStartTimestampMonotonic")),
                "installed before the agent started");
    }

    private static String property(String unit, String name) throws IOException, InterruptedException {
        return out("systemctl show --value -p " + name + " " + unit + ".service");
    }

    @Test
    void theHardenedAgentRunsAndAnswersStatus() throws IOException, InterruptedException {
        assertEquals("active", property("edge-agent", "ActiveState"));
        assertEquals("running", property("edge-agent", "SubState"));
        assertEquals("0", property("edge-agent", "NRestarts"));
        // The restrictions are in force on the running JVM: no capabilities, no new privileges, a seccomp filter.
        assertEquals("CapEff:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2",
                out("grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/" + property("edge-agent", "MainPID") + "/status"));
        // The control socket comes up a few seconds after the JVM: poll it, within a bound.
        Instant deadline = Instant.now().plus(BOUND);
        Build.Result status = Build.run(in("edge-agent status"));
        while (status.exit() != 0 && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(500);
            status = Build.run(in("edge-agent status"));
        }
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().startsWith("edge-agent " + Build.VERSION + ", agent plant-7-gw03 "), status.out());
    }
}
