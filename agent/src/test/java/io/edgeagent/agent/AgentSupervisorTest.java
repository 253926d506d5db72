package io.edgeagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.AgentSection;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.platform.ReloadOutcome;
import io.edgeagent.agent.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reload-config: a broken file never replaces the config in force; a changed, valid one restarts the agent. */
class AgentSupervisorTest {

    @TempDir
    Path dir;

    private String config(String site) {
        return """
                agent:
                  id: gw-reload
                  site: %s
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:%d" ]
                machines:
                  - id: cnc-01
                    modbus: { tcp: 127.0.0.1:%d }
                    signals:
                      execution: { register: holding:0 }
                """.formatted(site, Ports.free(), Ports.free());
    }

    @Test
    void aBrokenFileIsRefusedAndAChangedOneRestartsTheAgent() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, config("plant-1"));
        AgentConfig first = ConfigLoader.load(file);
        try (AgentSupervisor supervisor = AgentSupervisor.start(file, first, Clock.systemUTC())) {
            assertEquals(ReloadOutcome.Result.UNCHANGED, supervisor.reload().result());

            Files.writeString(file, config("plant-1").replace("site: plant-1", "sit: plant-1"));
            ReloadOutcome broken = supervisor.reload();
            assertEquals(ReloadOutcome.Result.INVALID, broken.result());
            assertTrue(broken.reason().contains("agent.yaml:3:3: unknown key 'sit'"), broken.reason());
            assertEquals(first.sourceHash(), supervisor.config().sourceHash(), "the last good config stays in force");

            Files.writeString(file, config("plant-2"));
            ReloadOutcome changed = supervisor.reload();
            assertEquals(ReloadOutcome.Result.RESTARTING, changed.result());
            assertTrue(supervisor.awaitRestarts(1, Duration.ofSeconds(30)), "the agent restarted");
            assertEquals("plant-2", supervisor.config().agent().site());
            assertNotEquals(first.sourceHash(), supervisor.config().sourceHash());
        }
    }

    @Test
    void whatTheDemoChangesInTheConfigHoldsForTheConfigReadOnReload() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, config("plant-1"));
        Path elsewhere = dir.resolve("elsewhere");
        UnaryOperator<AgentConfig> asRun = c -> new AgentConfig(new AgentSection(c.agent().id(), c.agent().site(),
                c.agent().timezone(), elsewhere), c.broker(), c.buffer(), c.sharing(), c.metrics(), c.machines(), c.sourcePath(),
                c.sourceHash());
        try (AgentSupervisor supervisor = AgentSupervisor.start(file, asRun.apply(ConfigLoader.load(file)),
                Clock.systemUTC(), asRun)) {
            Files.writeString(file, config("plant-2"));
            assertEquals(ReloadOutcome.Result.RESTARTING, supervisor.reload().result());
            assertTrue(supervisor.awaitRestarts(1, Duration.ofSeconds(30)), "the agent restarted");
            assertEquals("plant-2", supervisor.config().agent().site());
            assertEquals(elsewhere, supervisor.config().agent().dataDir());
        }
    }
}
