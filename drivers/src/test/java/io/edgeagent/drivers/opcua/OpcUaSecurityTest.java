package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.CapturedLog;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against a simulator that offers only secured endpoints (Basic256Sha256 and Aes256_Sha256_RsaPss with
 * SignAndEncrypt, Aes128_Sha256_RsaOaep with Sign) and wants a user: one simulator for the class, a fresh PKI
 * directory per test. Readings arriving at all prove the channel: the simulator offers no None endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpcUaSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String MACHINE = "imm-sec";
    private static final UserCredentials OPERATOR = new UserCredentials("operator", "s3cret".toCharArray());

    private final String serverThumbprint = CertificateInfo.thumbprint(TestSimulators.IDENTITY.certificate());
    private final TestCertificates.Issued user = TestCertificates.selfSigned("operator Jane", "urn:tests:jane");

    private ImmSimulator simulator;
    private RecordingSink sink;
    private OpcUaDriver driver;
    @TempDir
    private Path pki;

    @BeforeAll
    void startSimulator() {
        simulator = TestSimulators.manual(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING)
                .security("Basic256Sha256", "SignAndEncrypt")
                .security("Aes256_Sha256_RsaPss", "SignAndEncrypt")
                .security("Aes128_Sha256_RsaOaep", "Sign")
                .user("operator", "s3cret")
                .userCertificate(user.certificate())
                .build();
        simulator.start();
    }

    @AfterAll
    void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void newSink() {
        sink = new RecordingSink();
        driver = null;
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void readsOverBasic256Sha256SignAndEncryptWithAPasswordFromATrustedServer() throws Exception {
        TrustList trustList = trustSimulator();

        open(security("Basic256Sha256", "SignAndEncrypt"), OPERATOR);

        sink.awaitReading("cycles", Reading::isGood, WAIT);
        assertEquals(List.of(), trustList.rejected());
        assertEquals(ClientCertificate.loadOrCreate(pki, "ignored").thumbprint(),
                trustList.own().orElseThrow().thumbprint(), "the driver created the agent's certificate");
    }

    @Test
    void rejectsAnUnknownServerOnceAndConnectsByItselfOnceItIsTrusted() throws Exception {
        TrustList trustList = new TrustList(pki);
        Path kept = trustList.rejectedDir().resolve(serverThumbprint + ".der");
        String expected = "server certificate not trusted (thumbprint " + serverThumbprint
                + ", CN=edge-agent machine simulator): run `edge-agent opcua trust " + serverThumbprint
                + "` to trust it";
        try (CapturedLog log = CapturedLog.start()) {
            open(security("Basic256Sha256", "SignAndEncrypt"), OPERATOR);

            DriverHealth refused = sink.awaitHealth(0, h -> h.state() == ConnectionState.DISCONNECTED
                    && h.lastError() != null, WAIT);
            assertEquals(expected, refused.lastError());
            assertEquals(List.of(serverThumbprint), trustList.rejected().stream().map(CertificateInfo::thumbprint)
                    .toList());
            // The driver keeps trying: taken away, the certificate comes back with the next attempt.
            Files.delete(kept);
            Await.until(WAIT, () -> Files.exists(kept), () -> "no second attempt put " + kept + " back");

            assertEquals(1, log.lines("WARN", MACHINE, "not trusted").size(), () -> "logged once per fault, not per"
                    + " attempt: " + log.lines(MACHINE));
            assertTrue(log.lines("Exception").isEmpty(), () -> "no stack trace: " + log.lines("Exception"));
        }
        assertEquals(1, sink.health().stream().filter(h -> expected.equals(h.lastError())).count(), "one fault, "
                + "reported once: " + sink.health());
        assertFalse(sink.health().stream().anyMatch(h -> h.state() == ConnectionState.CONNECTED));

        int before = sink.healthCount();
        CertificateInfo trusted = trustList.trust(serverThumbprint.substring(0, 8).toLowerCase(Locale.ROOT));

        assertEquals(serverThumbprint, trusted.thumbprint());
        sink.awaitHealth(before, ConnectionState.CONNECTED, WAIT);
        sink.awaitReading("cycles", Reading::isGood, WAIT);
        assertEquals(List.of(), trustList.rejected());
        assertEquals(List.of(serverThumbprint), trustList.trusted().stream().map(CertificateInfo::thumbprint)
                .toList());
    }

    @Test
    void readsOverAes256RsaPssAsAnX509User() throws Exception {
        trustSimulator();
        Path certificate = TestCertificates.writePem(pki.resolve("jane.crt"), user.certificate());
        Path key = TestCertificates.writePem(pki.resolve("jane.key"), user.keyPair().getPrivate());

        open(security("Aes256_Sha256_RsaPss", "SignAndEncrypt"), new UserCertificate(certificate, key));

        sink.awaitReading("cycles", Reading::isGood, WAIT);
    }

    @Test
    void anUnknownUserCertificateIsRefusedByTheServer() throws Exception {
        trustSimulator();
        TestCertificates.Issued stranger = TestCertificates.selfSigned("stranger", "urn:tests:stranger");
        Path certificate = TestCertificates.writePem(pki.resolve("stranger.crt"), stranger.certificate());
        Path key = TestCertificates.writePem(pki.resolve("stranger.key"), stranger.keyPair().getPrivate());

        open(security("Aes256_Sha256_RsaPss", "SignAndEncrypt"), new UserCertificate(certificate, key));

        DriverHealth refused = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertTrue(refused.lastError().startsWith("Bad_IdentityTokenRejected: " + simulator.endpointUrl()),
                refused.lastError());
    }

    @Test
    void readsOverAes128RsaOaepSign() throws Exception {
        trustSimulator();

        open(security("Aes128_Sha256_RsaOaep", "Sign"), OPERATOR);

        sink.awaitReading("cycles", Reading::isGood, WAIT);
    }

    @Test
    void aWrongPasswordIsRefusedByTheServer() throws Exception {
        trustSimulator();

        open(security("Basic256Sha256", "SignAndEncrypt"), new UserCredentials("operator", "guess".toCharArray()));

        DriverHealth refused = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertTrue(refused.lastError().startsWith("Bad_UserAccessDenied: " + simulator.endpointUrl()),
                refused.lastError());
    }

    @Test
    void namesWhatTheServerOffersWhenItLacksTheConfiguredPolicy() {
        open(security("Basic256Sha256", "Sign"), OPERATOR);

        DriverHealth refused = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertTrue(refused.lastError().startsWith("Bad_SecurityPolicyRejected: " + simulator.endpointUrl()
                + " (the server offers no endpoint with Basic256Sha256/Sign, only "), refused.lastError());
        for (String offered : List.of("Basic256Sha256/SignAndEncrypt", "Aes256_Sha256_RsaPss/SignAndEncrypt",
                "Aes128_Sha256_RsaOaep/Sign")) {
            assertTrue(refused.lastError().contains(offered), refused.lastError());
        }
    }

    @Test
    void trustOnFirstUseTrustsTheFirstServerAndRemembersIt() throws Exception {
        open(security("Basic256Sha256", "SignAndEncrypt").withTrustOnFirstUse(true), OPERATOR);

        sink.awaitReading("cycles", Reading::isGood, WAIT);
        TrustList trustList = new TrustList(pki);
        assertEquals(List.of(serverThumbprint), trustList.trusted().stream().map(CertificateInfo::thumbprint)
                .toList());
        assertEquals(serverThumbprint, trustList.firstUse(MACHINE).orElseThrow());
        assertEquals(List.of(), trustList.rejected());
    }

    @Test
    void saysWhenTheServerDoesNotTrustTheAgentAndConnectsOnceItDoes() throws Exception {
        trustSimulator();
        try (ImmSimulator strict = TestSimulators.manual("imm-strict", ImmSimulator.freePort(), Phase.PRODUCING)
                .security("Basic256Sha256", "SignAndEncrypt")
                .requireTrustedClients()
                .build()) {
            strict.start();
            driver = new OpcUaDriver("imm-strict", OpcUaEndpoint.of(strict.endpointUrl())
                    .withSecurity(security("Basic256Sha256", "SignAndEncrypt")));
            driver.subscribe(List.of(new OpcUaSignal("cycles", strict.nodeId(ImmNode.JOB_CYCLE_COUNTER),
                    Duration.ofMillis(100), 0)), sink);
            driver.open();

            DriverHealth refused = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
            ClientCertificate agent = ClientCertificate.loadOrCreate(pki, "ignored");
            assertTrue(refused.lastError().startsWith("Bad_SecurityChecksFailed: " + strict.endpointUrl()),
                    refused.lastError());
            assertTrue(refused.lastError().endsWith("; if the server does not trust the agent yet, add "
                    + pki.resolve("own").resolve("cert.der") + " (thumbprint " + agent.thumbprint()
                    + ") to its trusted certificates"), refused.lastError());

            int before = sink.healthCount();
            strict.trustClient(agent.certificate());

            sink.awaitHealth(before, ConnectionState.CONNECTED, WAIT);
        }
    }

    private OpcUaSecurity security(String policy, String mode) {
        return OpcUaSecurity.secured(policy, mode, pki, "agent-1");
    }

    private TrustList trustSimulator() throws Exception {
        TrustList trustList = new TrustList(pki);
        trustList.createDirectories();
        Files.write(trustList.trustedDir().resolve("simulator.der"),
                TestSimulators.IDENTITY.certificate().getEncoded());
        return trustList;
    }

    private void open(OpcUaSecurity security, UserIdentity credentials) {
        driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl())
                .withSecurity(security).withCredentials(credentials));
        driver.subscribe(List.of(new OpcUaSignal("cycles", simulator.nodeId(ImmNode.JOB_CYCLE_COUNTER),
                Duration.ofMillis(100), 0)), sink);
        driver.open();
    }
}
