package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.text.Messages;
import io.edgeagent.agent.AgentFiles;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.doctor.DeviceChecks;
import io.edgeagent.agent.doctor.Finding;
import io.edgeagent.drivers.opcua.ClientCertificate;
import io.edgeagent.drivers.opcua.TrustList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opcua certs|trust} and doctor's trust check, on a data dir where the agent refused a server certificate. */
class OpcUaCommandTest {

    @TempDir
    Path dir;

    private Path config;
    private String thumbprint;

    @BeforeEach
    void aServerCertificateWasRefused() throws Exception {
        config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                agent: { id: gw01, site: plant-1, dataDir: ./data }
                broker: { urls: [ "tcp://127.0.0.1:1" ] }
                machines:
                  - id: imm-07
                    opcua:
                      endpoint: opc.tcp://127.0.0.1:4840
                      security: { policy: Basic256Sha256 }
                    signals: { mode: { node: "ns=2;s=Mode" } }
                """);
        // Any self-signed application certificate will do as "the server's"; the client's own maker makes one.
        Path serverPki = dir.resolve("server-pki");
        ClientCertificate.loadOrCreate(serverPki, "imm-07-server");
        thumbprint = new TrustList(serverPki).own().orElseThrow().thumbprint();
        TrustList agent = new TrustList(AgentFiles.opcUaPki(dir.resolve("data")));
        agent.createDirectories();
        Files.copy(serverPki.resolve("own").resolve("cert.der"), agent.rejectedDir().resolve(thumbprint + ".der"));
    }

    @Test
    void certsListsTheRefusedCertificateAndTrustMovesItByItsStart() {
        CliRun certs = run("opcua", "certs", "--config", config.toString());
        assertEquals(0, certs.exit(), certs.err());
        String refused = certs.out().substring(certs.out().indexOf("refused"));
        assertTrue(refused.contains(thumbprint), certs.out());

        CliRun trust = run("opcua", "trust", thumbprint.substring(0, 8).toLowerCase(Locale.ROOT), "--config", config.toString());
        assertEquals(0, trust.exit(), trust.err());
        assertTrue(trust.out().startsWith("trusted " + thumbprint + " ("), trust.out());

        CliRun after = run("opcua", "certs", "--config", config.toString());
        String trusted = after.out().substring(after.out().indexOf("trusted:"), after.out().indexOf("refused"));
        assertTrue(trusted.contains(thumbprint), after.out());
        assertTrue(after.out().substring(after.out().indexOf("refused")).contains("  none"), after.out());
    }

    @Test
    void aThumbprintThatMatchesNothingIsBadInput() {
        CliRun trust = run("opcua", "trust", "DEADBEEF", "--config", config.toString());

        assertEquals(2, trust.exit());
        assertTrue(trust.err().startsWith("edge-agent opcua trust: "), trust.err());
    }

    @Test
    void doctorWarnsAboutTheRefusedCertificateWithTheCommandThatTrustsIt() throws Exception {
        List<Finding> findings = new DeviceChecks(ConfigLoader.load(config), dir.resolve("gpiochip0"), Messages.ENGLISH).run();

        Finding trust = findings.stream().filter(f -> f.check().equals("OPC UA trust")).findFirst().orElseThrow();
        assertEquals(Finding.Level.WARN, trust.level());
        assertTrue(trust.detail().startsWith("1 server certificate refused: " + thumbprint), trust.detail());
        assertTrue(trust.fix().endsWith("edge-agent opcua trust " + thumbprint), trust.fix());
    }
}
