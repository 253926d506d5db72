package io.edgeagent.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 5 broker (HiveMQ CE, embedded) on a loopback port, for the demo and for tests. Never used by
 * {@code edge-agent run}: a real installation talks to the factory's or the cloud's broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /**
     * Starts a broker listening on 127.0.0.1:{@code port}, keeping its files under {@code workDir}.
     *
     * @throws IllegalStateException when it cannot start (most often: the port is taken)
     */
    public static EmbeddedBroker start(int port, Path workDir) {
        return start(port, workDir, List.of());
    }

    /**
     * Starts a broker listening on 127.0.0.1:{@code port} and, with TLS, on the port of each of {@code tls},
     * keeping its files (key stores included) under {@code workDir}.
     *
     * @throws IllegalStateException when it cannot start (most often: a port is taken)
     */
    public static EmbeddedBroker start(int port, Path workDir, List<TlsListener> tls) {
        return start(port, workDir, tls, Limits.DEFAULT);
    }

    /**
     * Starts a broker as {@link #start(int, Path, List)} does, granting clients only {@code limits}: tests use
     * it to prove the agent keeps to what a strict cloud broker grants.
     */
    public static EmbeddedBroker start(int port, Path workDir, List<TlsListener> tls, Limits limits) {
        return start(port, workDir, tls, limits, null);
    }

    /**
     * Starts a broker as {@link #start(int, Path, List, Limits)} does that also checks {@code login}: a client
     * naming its user must give its password (others connect anonymously, as the demo's subscriber does).
     *
     * @param login the one user the broker knows, or {@code null} for anonymous access only
     */
    public static EmbeddedBroker start(int port, Path workDir, List<TlsListener> tls, Limits limits, Login login) {
        Path conf = workDir.resolve("conf");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(workDir.resolve("data"));
            Files.createDirectories(workDir.resolve("extensions"));
            StringBuilder tlsListeners = new StringBuilder();
            for (TlsListener listener : tls) {
                tlsListeners.append(listener.write(conf));
            }
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                        <listeners>
                            <tcp-listener>
                                <port>%d</port>
                                <bind-address>127.0.0.1</bind-address>
                            </tcp-listener>
                    %s    </listeners>
                        <mqtt>
                            <packets>
                                <max-packet-size>%d</max-packet-size>
                            </packets>
                            <receive-maximum>
                                <server-receive-maximum>%d</server-receive-maximum>
                            </receive-maximum>
                        </mqtt>
                        <persistence>
                            <mode>in-memory</mode>
                        </persistence>
                        <anonymous-usage-statistics>
                            <enabled>false</enabled>
                        </anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port, tlsListeners, limits.maxPacketSize(), limits.receiveMaximum()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's folder " + workDir, e);
        }
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(workDir.resolve("data"))
                .withExtensionsFolder(workDir.resolve("extensions"))
                .withoutLoggingBootstrap();
        if (login != null) {
            builder.withEmbeddedExtension(login.extension());
        }
        EmbeddedHiveMQ hivemq = builder.build();
        try {
            hivemq.start().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            // HiveMQ's failure to bind its port comes without a message.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("embedded MQTT broker could not start on 127.0.0.1:" + port
                    + " (is the port in use?)" + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
        } finally {
            // HiveMQ installs a JVM-wide handler that calls System.exit(1) on any uncaught exception.
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        return new EmbeddedBroker(hivemq, port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        closeQuietly(hivemq);
    }

    /**
     * What the broker grants each client in its CONNACK.
     *
     * @param maxPacketSize  the largest packet it accepts, in bytes
     * @param receiveMaximum how many QoS 1 publishes a client may have unacknowledged
     */
    public record Limits(int maxPacketSize, int receiveMaximum) {

        /** HiveMQ's own defaults: 256 MB packets, ten in flight. */
        public static final Limits DEFAULT = new Limits(268_435_460, 10);
    }

    /** The one user of a broker that checks passwords. */
    public record Login(String username, String password) {

        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        private EmbeddedExtension extension() {
            SimpleAuthenticator authenticator = (input, output) -> {
                Optional<String> user = input.getConnectPacket().getUserName();
                String given = input.getConnectPacket().getPassword()
                        .map(b -> StandardCharsets.UTF_8.decode(b.duplicate()).toString()).orElse("");
                if (user.isEmpty() || (user.get().equals(username) && given.equals(password))) {
                    output.authenticateSuccessfully();
                } else {
                    output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong user name or password");
                }
            };
            ExtensionMain main = new ExtensionMain() {
                @Override
                public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
                    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
                }

                @Override
                public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
                    // The registry goes with the broker.
                }
            };
            return EmbeddedExtension.builder().withId("login").withName("login").withVersion("1")
                    .withAuthor("edge-agent").withPriority(0).withStartPriority(1000).withExtensionMain(main).build();
        }
    }

    /** Whether a TLS listener asks clients for a certificate. */
    public enum ClientAuthentication {
        NONE, OPTIONAL, REQUIRED
    }

    /**
     * A TLS listener on 127.0.0.1.
     *
     * @param key       the broker's private key
     * @param chain     its certificate first, then any intermediate CAs
     * @param clientCas the CAs a client certificate must chain to; empty with {@link ClientAuthentication#NONE}
     */
    public record TlsListener(int port, PrivateKey key, List<X509Certificate> chain, List<X509Certificate> clientCas,
                              ClientAuthentication clientAuthentication) {

        /** The key stores guard test keys in the broker's own folder: the password protects nothing. */
        private static final String STORE_PASSWORD = "embedded-broker";

        public TlsListener {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            clientCas = List.copyOf(clientCas);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a TLS listener needs the broker's certificate");
            }
            if (clientAuthentication != ClientAuthentication.NONE && clientCas.isEmpty()) {
                throw new IllegalArgumentException("client authentication " + clientAuthentication
                        + " needs the CAs that client certificates chain to");
            }
        }

        /** Writes this listener's key stores (PKCS#12) into {@code conf} and returns its config.xml element. */
        private String write(Path conf) throws IOException {
            Path keystore = conf.resolve("tls-" + port + "-keystore.p12");
            KeyStore keys = emptyStore();
            try {
                keys.setKeyEntry("broker", key, STORE_PASSWORD.toCharArray(), chain.toArray(new X509Certificate[0]));
            } catch (KeyStoreException e) {
                throw new IllegalArgumentException("the broker key does not fit its certificate: " + e.getMessage(), e);
            }
            save(keys, keystore);
            String truststore = "";
            if (!clientCas.isEmpty()) {
                Path file = conf.resolve("tls-" + port + "-truststore.p12");
                KeyStore trusted = emptyStore();
                for (int i = 0; i < clientCas.size(); i++) {
                    try {
                        trusted.setCertificateEntry("ca-" + i, clientCas.get(i));
                    } catch (KeyStoreException e) {
                        throw new IllegalArgumentException("client CA " + i + " cannot be stored: "
                                + e.getMessage(), e);
                    }
                }
                save(trusted, file);
                truststore = """
                                        <truststore>
                                            <path>%s</path>
                                            <password>%s</password>
                                        </truststore>
                        """.formatted(xml(file.toAbsolutePath().toString()), STORE_PASSWORD);
            }
            return """
                            <tls-tcp-listener>
                                <port>%d</port>
                                <bind-address>127.0.0.1</bind-address>
                                <tls>
                                    <keystore>
                                        <path>%s</path>
                                        <password>%s</password>
                                        <private-key-password>%s</private-key-password>
                                    </keystore>
                    %s                <client-authentication-mode>%s</client-authentication-mode>
                                </tls>
                            </tls-tcp-listener>
                    """.formatted(port, xml(keystore.toAbsolutePath().toString()), STORE_PASSWORD, STORE_PASSWORD,
                    truststore, clientAuthentication);
        }

        private static KeyStore emptyStore() throws IOException {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                return store;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java has no PKCS#12 key store", e);
            }
        }

        private static void save(KeyStore store, Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, STORE_PASSWORD.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot write the key store " + file, e);
            }
        }

        private static String xml(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get(15, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Stopping is best effort: the process is ending or the test is done with it.
        }
    }
}
