package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged first-boot script on a stand-in boot partition and /etc/edge-agent. */
class FirstbootIT {

    private Path bootFile;
    private Path config;
    private String shipped;

    @BeforeEach
    void card() throws IOException {
        Path dir = Build.fresh("firstboot");
        Path boot = Files.createDirectories(dir.resolve("boot/firmware"));
        Path etc = Files.createDirectories(dir.resolve("etc/edge-agent"));
        bootFile = boot.resolve("edge-agent.yaml");
        config = etc.resolve("agent.yaml");
        shipped = Files.readString(Build.debRoot().resolve("etc/edge-agent/agent.yaml"));
        Files.writeString(config, shipped);
    }

    private Build.Result firstboot() throws IOException, InterruptedException {
        return Build.run(List.of(Build.debRoot().resolve("usr/lib/edge-agent/edge-agent-firstboot").toString(),
                        bootFile.toString(), config.toString()),
                Map.of("EDGE_AGENT", Build.debRoot().resolve("usr/bin/edge-agent").toString()), null);
    }

    @Test
    void aValidConfigIsInstalledAndLeavesTheBootPartition() throws IOException, InterruptedException {
        String factory = shipped.replace("id: edge-gw01", "id: plant-7-gw03");
        Files.writeString(bootFile, factory);
        Build.Result result = firstboot();
        assertEquals(0, result.exit(), result.toString());
        assertEquals(factory, Files.readString(config));
        assertEquals(shipped, Files.readString(config.resolveSibling("agent.yaml.bak")), "the old config is kept");
        assertFalse(Files.exists(bootFile), "removed from the boot partition");
        assertFalse(Files.exists(config.resolveSibling("agent.yaml.new")));
        assertFalse(Files.exists(bootFile.resolveSibling("edge-agent.yaml.errors.txt")));
    }

    @Test
    void aBrokenConfigStaysOnTheCardWithItsErrorsBesideIt() throws IOException, InterruptedException {
        String broken = shipped.replace("  site: unconfigured", "  sitte: unconfigured");
        Files.writeString(bootFile, broken);
        Build.Result result = firstboot();
        assertEquals(1, result.exit(), result.toString());
        assertEquals(broken, Files.readString(bootFile), "left where the installer put it");
        assertEquals(shipped, Files.readString(config), "the running config is untouched");
        assertFalse(Files.exists(config.resolveSibling("agent.yaml.new")));
        assertFalse(Files.exists(config.resolveSibling("agent.yaml.bak")));
        String errors = Files.readString(bootFile.resolveSibling("edge-agent.yaml.errors.txt"));
        assertTrue(errors.startsWith("edge-agent.yaml was NOT installed"), errors);
        // Named as the installer knows it, with line and column.
        assertTrue(errors.matches("(?s).*\nedge-agent\\.yaml:\\d+:\\d+: .*sitte.*"), errors);
        assertFalse(errors.contains("agent.yaml.new"), errors);
        assertTrue(result.err().contains("sitte"), "the problems are in the journal too: " + result.err());
    }

    @Test
    void aConfigWhoseSecretIsMissingIsNotInstalled() throws IOException, InterruptedException {
        // config validate only warns of a missing secret; the agent would not start, so neither may it be installed.
        String secretless = shipped.replace("urls: [ \"tcp://localhost:1883\" ]",
                "urls: [ \"tcp://localhost:1883\" ]\n  username: gw03\n  passwordFile: secrets/mqtt-password");
        Files.writeString(bootFile, secretless);
        Build.Result result = firstboot();
        assertEquals(1, result.exit(), result.toString());
        assertEquals(shipped, Files.readString(config), "the running config is untouched");
        String errors = Files.readString(bootFile.resolveSibling("edge-agent.yaml.errors.txt"));
        assertTrue(errors.matches("(?s).*\nedge-agent\\.yaml:\\d+:\\d+: broker\\.passwordFile: cannot read .*"), errors);
    }

    @Test
    void aFixedConfigReplacesTheErrors() throws IOException, InterruptedException {
        Files.writeString(bootFile, "machines: [\n");
        assertEquals(1, firstboot().exit());
        Files.writeString(bootFile, shipped);
        Build.Result result = firstboot();
        assertEquals(0, result.exit(), result.toString());
        assertFalse(Files.exists(bootFile.resolveSibling("edge-agent.yaml.errors.txt")));
    }

    @Test
    void withoutAFileOnTheCardNothingChanges() throws IOException, InterruptedException {
        Build.Result result = firstboot();
        assertEquals(0, result.exit(), result.toString());
        assertEquals(shipped, Files.readString(config));
        assertFalse(Files.exists(config.resolveSibling("agent.yaml.bak")));
    }
}
