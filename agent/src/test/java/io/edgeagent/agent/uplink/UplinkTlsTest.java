package io.edgeagent.agent.uplink;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.TlsConfig;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestPki.Credential;
import io.edgeagent.agent.testing.TestPki.KeyFormat;
import io.edgeagent.agent.testing.TestPki;
import io.edgeagent.agent.tls.PemTls;
import io.edgeagent.agent.tls.TlsUnavailableException;
import io.edgeagent.agent.uplink.BrokerLink.Message;
import io.edgeagent.broker.EmbeddedBroker.ClientAuthentication;
import io.edgeagent.broker.EmbeddedBroker.TlsListener;
import io.edgeagent.broker.EmbeddedBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker link over TLS against a real broker with three TLS listeners: one with a certificate for
 * localhost and 127.0.0.1, one with a certificate for another host, and one that requires a client
 * certificate. Certificates and keys are made for the run by {@link TestPki}.
 */
class UplinkTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Message WILL = json("tls-test/will", "{\"online\":false}");

    @TempDir
    static Path dir;

    private static EmbeddedBroker broker;
    private static int tcpPort;
    private static int tlsPort;
    private static int otherHostPort;
    private static int clientAuthPort;
    private static Path caFile;
    private static Path otherCaFile;
    private static Path clientCertFile;
    private static Path clientKeyFile;
    private static Path strangerCertFile;
    private static Path strangerKeyFile;

    @BeforeAll
    static void startBroker() {
        Credential ca = TestPki.ca("Edge Test CA");
        Credential otherCa = TestPki.ca("Unrelated CA");
        Credential server = ca.server("localhost", "127.0.0.1");
        Credential elsewhere = ca.server("broker.example.net");
        Credential client = ca.client("gw-test", "RSA");
        Credential stranger = otherCa.client("gw-stranger", "EC");
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        otherCaFile = otherCa.writeCertificate(dir.resolve("other-ca.pem"));
        clientCertFile = client.writeCertificate(dir.resolve("gw-test.pem"));
        clientKeyFile = client.writeKey(dir.resolve("gw-test.key"), KeyFormat.TRADITIONAL);
        strangerCertFile = stranger.writeCertificate(dir.resolve("gw-stranger.pem"));
        strangerKeyFile = stranger.writeKey(dir.resolve("gw-stranger.key"), KeyFormat.PKCS8);

        tcpPort = Ports.free();
        tlsPort = Ports.free();
        otherHostPort = Ports.free();
        clientAuthPort = Ports.free();
        broker = EmbeddedBroker.start(tcpPort, dir.resolve("broker"), List.of(
                new TlsListener(tlsPort, server.key(), List.of(server.certificate()), List.of(),
                        ClientAuthentication.NONE),
                new TlsListener(otherHostPort, elsewhere.key(), List.of(elsewhere.certificate()), List.of(),
                        ClientAuthentication.NONE),
                new TlsListener(clientAuthPort, server.key(), List.of(server.certificate()),
                        List.of(ca.certificate()), ClientAuthentication.REQUIRED)));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theRightCaConnectsOverMqttsAndAPublishArrives() throws Exception {
        URI url = URI.create("mqtts://127.0.0.1:" + tlsPort);
        try (PahoBrokerLink link = link("gw-tls-ok", new TlsConfig(caFile, null, null));
             Feed feed = new Feed("tcp://127.0.0.1:" + tcpPort, "tls-test/hello")) {
            BrokerLink.Session session = link.connect(url, WILL, Duration.ZERO, () -> { }, inbound -> { });
            assertEquals(url, session.url(), "the session keeps the URL as configured");

            CompletableFuture<Throwable> done = new CompletableFuture<>();
            link.publish(json("tls-test/hello", "{\"over\":\"tls\"}"), done::complete);
            assertNull(done.get(WAIT.toSeconds(), TimeUnit.SECONDS), "acknowledged by the broker");
            Feed.Message arrived = feed.await(m -> m.topic().equals("tls-test/hello"), WAIT, "published over TLS");
            assertEquals("tls", arrived.json().get("over").asText());
        }
    }

    @Test
    void anotherCaIsRefusedNamingTheCaFileAndTheLinkStaysUsable() throws Exception {
        String url = "ssl://127.0.0.1:" + tlsPort;
        try (PahoBrokerLink link = link("gw-tls-wrong-ca", new TlsConfig(otherCaFile, null, null))) {
            String expected = url + ": server certificate not trusted by broker.tls.caFile " + otherCaFile
                    + " (CN=localhost, issued by CN=Edge Test CA)";
            for (int attempt = 1; attempt <= 2; attempt++) {
                BrokerException e = assertThrows(BrokerException.class,
                        () -> link.connect(URI.create(url), WILL, Duration.ZERO, () -> { }, inbound -> { }));
                assertEquals(expected, e.getMessage(), "attempt " + attempt);
                assertFalse(link.isConnected());
            }
            link.connect(URI.create("tcp://127.0.0.1:" + tcpPort), WILL, Duration.ZERO, () -> { }, inbound -> { });
            assertTrue(link.isConnected(), "the same link connects once the URL is right");
        }
    }

    @Test
    void aCertificateForAnotherHostFailsTheHostNameCheck() {
        String url = "ssl://127.0.0.1:" + otherHostPort;
        try (PahoBrokerLink link = link("gw-tls-host", new TlsConfig(caFile, null, null))) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> link.connect(URI.create(url), WILL, Duration.ZERO, () -> { }, inbound -> { }));
            assertEquals(url + ": server certificate (CN=broker.example.net) is for broker.example.net, not"
                    + " 127.0.0.1: use one of those names in broker.urls, or have the broker's certificate issued"
                    + " for 127.0.0.1", e.getMessage());
        }
    }

    @Test
    void aBrokerThatRequiresAClientCertificateSaysSoWhenNoneIsSet() {
        String url = "ssl://127.0.0.1:" + clientAuthPort;
        try (PahoBrokerLink link = link("gw-tls-no-cert", new TlsConfig(caFile, null, null))) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> link.connect(URI.create(url), WILL, Duration.ZERO, () -> { }, inbound -> { }));
            assertEquals(url + ": the broker requires a client certificate (TLS alert bad_certificate):"
                    + " set broker.tls.certFile and broker.tls.keyFile", e.getMessage());
        }
    }

    @Test
    void aClientCertificateFromTheBrokersCaConnects() throws Exception {
        URI url = URI.create("ssl://localhost:" + clientAuthPort);
        try (PahoBrokerLink link = link("gw-tls-mutual", new TlsConfig(caFile, clientCertFile, clientKeyFile))) {
            link.connect(url, WILL, Duration.ZERO, () -> { }, inbound -> { });
            assertTrue(link.isConnected());
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedNamingTheCertFile() {
        String url = "ssl://127.0.0.1:" + clientAuthPort;
        try (PahoBrokerLink link = link("gw-tls-stranger", new TlsConfig(caFile, strangerCertFile, strangerKeyFile))) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> link.connect(URI.create(url), WILL, Duration.ZERO, () -> { }, inbound -> { }));
            assertEquals(url + ": the broker refused the client certificate in broker.tls.certFile " + strangerCertFile
                    + " (CN=gw-stranger, issued by CN=Unrelated CA; TLS alert bad_certificate): the broker must"
                    + " trust its issuer and accept this certificate", e.getMessage());
        }
    }

    @Test
    void anSslUrlOnThePlainMqttPortGetsAHint() {
        String url = "ssl://127.0.0.1:" + tcpPort;
        try (PahoBrokerLink link = link("gw-tls-plain", new TlsConfig(caFile, null, null))) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> link.connect(URI.create(url), WILL, Duration.ZERO, () -> { }, inbound -> { }));
            assertEquals(url + ": the broker closed the connection in the TLS handshake: if this is its plain MQTT"
                    + " port, use tcp:// or mqtt://, else check the broker's TLS settings and log", e.getMessage());
        }
    }

    @Test
    void onlyTls12And13AreOffered() throws Exception {
        try (SSLSocket socket = (SSLSocket) PemTls.load(null).socketFactory().createSocket()) {
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, socket.getEnabledProtocols());
        }
    }

    @Test
    void keysLoadInPkcs8Pkcs1AndSec1() {
        Credential ca = TestPki.ca("Format CA");
        for (String algorithm : List.of("RSA", "EC")) {
            Credential client = ca.client("gw-" + algorithm, algorithm);
            Path cert = client.writeCertificate(dir.resolve("format-" + algorithm + ".pem"));
            for (KeyFormat format : List.of(KeyFormat.PKCS8, KeyFormat.TRADITIONAL)) {
                Path key = client.writeKey(dir.resolve("format-" + algorithm + "-" + format + ".key"), format);
                PemTls.load(new TlsConfig(null, cert, key));
            }
        }
    }

    /**
     * A secured OPC UA machine registers BouncyCastle for the whole JVM, and BouncyCastle names EC keys "ECDSA":
     * the key check must still see that a stranger's EC key is not this gateway's.
     */
    @Test
    void aStrangersEcKeyIsRefusedAlsoOnceBouncyCastleIsRegistered() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        TlsUnavailableException wrongKey = assertThrows(TlsUnavailableException.class,
                () -> PemTls.load(new TlsConfig(null, clientCertFile, strangerKeyFile)));
        assertTrue(wrongKey.getMessage().contains(": not the key of the first certificate in"), wrongKey.getMessage());
    }

    @Test
    void aMalformedKeyFileNamesTheFileAndTheProblem() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "this is not a key\n");
        assertEquals("broker.tls.keyFile " + garbage + ": not a PEM private key (expected -----BEGIN PRIVATE KEY-----,"
                + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----); it has no PEM block at all"
                + " (a binary DER file must first be converted to PEM with openssl)", loadError(garbage));

        Path damaged = Files.writeString(dir.resolve("damaged.key"),
                "-----BEGIN PRIVATE KEY-----\nnot*base64\n-----END PRIVATE KEY-----\n");
        assertTrue(loadError(damaged).startsWith("broker.tls.keyFile " + damaged + ": damaged PEM ("),
                loadError(damaged));

        assertEquals("broker.tls.keyFile " + clientCertFile + ": not a PEM private key (expected -----BEGIN PRIVATE"
                + " KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----); it holds a"
                + " certificate", loadError(clientCertFile), "certFile and keyFile swapped");

        Path encrypted = TestPki.ca("Encrypted").client("gw-enc", "RSA")
                .writeKey(dir.resolve("encrypted.key"), KeyFormat.ENCRYPTED);
        assertEquals("broker.tls.keyFile " + encrypted + ": the private key is encrypted: the agent needs it"
                + " unencrypted (openssl pkey -in " + encrypted + " -out plain.key), in a file only the agent's user"
                + " can read", loadError(encrypted));

        TlsUnavailableException wrongKey = assertThrows(TlsUnavailableException.class,
                () -> PemTls.load(new TlsConfig(null, clientCertFile, strangerKeyFile)));
        assertEquals("broker.tls.keyFile " + strangerKeyFile + ": not the key of the first certificate in"
                + " broker.tls.certFile " + clientCertFile + " (CN=gw-test); that file must start with this gateway's"
                + " own certificate", wrongKey.getMessage());

        TlsUnavailableException keyAsCa = assertThrows(TlsUnavailableException.class,
                () -> link("gw-tls-key-as-ca", new TlsConfig(clientKeyFile, null, null)));
        assertEquals("broker.tls.caFile " + clientKeyFile + ": no PEM certificate in it (expected -----BEGIN"
                + " CERTIFICATE-----); it holds a private key", keyAsCa.getMessage());
    }

    private static String loadError(Path keyFile) {
        return assertThrows(TlsUnavailableException.class,
                () -> PemTls.load(new TlsConfig(caFile, clientCertFile, keyFile))).getMessage();
    }

    private static PahoBrokerLink link(String clientId, TlsConfig tls) {
        return new PahoBrokerLink(clientId, null, null, Duration.ofSeconds(5), tls);
    }

    private static Message json(String topic, String payload) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false, Map.of());
    }
}
