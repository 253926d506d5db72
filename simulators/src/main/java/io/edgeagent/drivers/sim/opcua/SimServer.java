package io.edgeagent.drivers.sim.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.sdk.server.subscriptions.SubscriptionManager;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteSubscriptionsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.RequestHeader;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Milo server under a simulator: endpoints on the loopback interface with the simulator's certificate
 * ({@link SimulatorIdentity}), users, trusted clients and the namespace table of {@link SimServerOptions}, and one
 * namespace that the simulator supplies. Not thread-safe: the simulator serialises {@link #start} and
 * {@link #stop}. Starts once and stops once; a restart is a new server on the same port.
 */
public final class SimServer {

    private static final Logger log = LoggerFactory.getLogger(SimServer.class);
    private static final Duration SERVER_WAIT = Duration.ofSeconds(10);

    private final String machineName;
    private final SimServerOptions options;
    private final Set<X509Certificate> trustedClients = ConcurrentHashMap.newKeySet();

    private OpcUaServer server;
    private ManagedNamespaceWithLifecycle namespace;

    /**
     * @param machineName for messages and the fallback application URI
     */
    public SimServer(String machineName, SimServerOptions options) {
        this.machineName = Objects.requireNonNull(machineName, "machineName");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A TCP port on the loopback interface that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * Builds the server, arranges its namespace table, starts the namespace {@code createNamespace} makes and binds
     * the port; returns the namespace once clients can connect.
     *
     * @throws IllegalStateException when the port is taken or the server was started before
     */
    public <N extends ManagedNamespaceWithLifecycle> N start(Function<OpcUaServer, N> createNamespace) {
        if (server != null) {
            throw new IllegalStateException("server of " + machineName + " can be started only once");
        }
        SimulatorIdentity identity = options.identity().orElseGet(SimulatorIdentity::generate);
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            // Milo names the RSA-OAEP-SHA256 and RSA-PSS algorithms of the newer policies as BouncyCastle does.
            Security.addProvider(new BouncyCastleProvider());
        }
        OpcUaServer created = new OpcUaServer(serverConfig(identity),
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        // Before the namespace registers its URI, which would otherwise take the next free index.
        options.namespaces().register(created.getNamespaceTable());
        server = created;
        N createdNamespace = createNamespace.apply(created);
        namespace = createdNamespace;
        createdNamespace.startup();
        try {
            server.startup().get(SERVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            stop();
            throw new IllegalStateException("simulator " + machineName + " cannot listen on "
                    + options.endpointUrl() + ": " + rootMessage(e), e);
        }
        return createdNamespace;
    }

    /** Unbinds the port and shuts the namespace down; a no-op before {@link #start}. */
    public void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown().get(SERVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("simulator {}: server shutdown failed: {}", machineName, rootMessage(e));
        }
        if (namespace != null) {
            namespace.shutdown();
        }
    }

    /**
     * Trusts a client certificate from now on, as a server's administrator does; matters only after
     * {@link SimServerOptions.Builder#requireTrustedClients}.
     */
    public void trustClient(X509Certificate certificate) {
        trustedClients.add(Objects.requireNonNull(certificate, "certificate"));
    }

    /**
     * Deletes every session's subscriptions as a server that lost them does while keeping the sessions (a PLC whose
     * OPC UA runtime restarted its subscription engine): waiting publish requests are answered Bad_NoSubscription
     * and nothing else tells the client, which notices only by its keep-alive watchdog.
     *
     * @return how many subscriptions were deleted
     */
    public int dropSubscriptions() {
        if (server == null) {
            return 0;
        }
        int dropped = 0;
        for (Session session : server.getSessionManager().getAllSessions()) {
            SubscriptionManager subscriptions = session.getSubscriptionManager();
            UInteger[] ids = subscriptions.getSubscriptions().stream().map(Subscription::getId)
                    .toArray(UInteger[]::new);
            if (ids.length == 0) {
                continue;
            }
            RequestHeader header = new RequestHeader(NodeId.NULL_VALUE, DateTime.now(), uint(0), uint(0), null,
                    uint(0), null);
            subscriptions.deleteSubscriptions(new DeleteSubscriptionsRequest(header, ids));
            dropped += ids.length;
        }
        log.info("simulator {}: dropped {} subscription{}", machineName, dropped, dropped == 1 ? "" : "s");
        return dropped;
    }

    public SimServerOptions options() {
        return options;
    }

    /** Endpoints and users, for a log line. */
    public String describe() {
        List<String> endpoints = options.security().entrySet().stream()
                .map(e -> e.getKey() + "/" + e.getValue()).sorted().toList();
        List<String> users = new ArrayList<>();
        options.user().ifPresent(user -> users.add(user.toString()));
        options.userCertificate().ifPresent(certificate -> users.add("user certificate "
                + certificate.getSubjectX500Principal().getName()));
        return endpoints + ", " + (users.isEmpty() ? "anonymous" : String.join(" or ", users));
    }

    private OpcUaServerConfig serverConfig(SimulatorIdentity identity) {
        KeyPair keyPair = identity.keyPair();
        X509Certificate[] chain = {identity.certificate()};
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        MemoryCertificateQuarantine quarantine = new MemoryCertificateQuarantine();
        DefaultApplicationGroup certificates = new DefaultApplicationGroup(trustList, new MemoryCertificateStore(),
                new RsaSha256CertificateFactory() {
                    // The group asks its factory once for a missing certificate: hand it the ready-made one.
                    @Override
                    protected KeyPair createRsaSha256KeyPair() {
                        return keyPair;
                    }

                    @Override
                    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair ignored) {
                        return chain;
                    }
                },
                clientCertificateValidator(trustList, quarantine));
        try {
            certificates.initialize();
        } catch (Exception e) {
            throw new IllegalStateException("simulator " + machineName + ": certificate setup failed", e);
        }

        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        options.security().forEach((policy, mode) -> {
            EndpointConfig.Builder endpoint = EndpointConfig.newBuilder()
                    .setBindAddress("127.0.0.1")
                    .setHostname("127.0.0.1")
                    .setBindPort(options.port())
                    .setPath(options.path())
                    .setCertificate(identity.certificate())
                    .setSecurityPolicy(policy)
                    .setSecurityMode(mode);
            options.user().ifPresent(user -> endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME));
            options.userCertificate().ifPresent(
                    certificate -> endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_X509));
            if (options.user().isEmpty() && options.userCertificate().isEmpty()) {
                endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
            }
            endpoints.add(endpoint.build());
        });

        return OpcUaServerConfig.builder()
                // The client checks it against the certificate's URI; the server's own namespace (index 1) is
                // named by it, so it must differ from the simulator's namespace.
                .setApplicationUri(CertificateUtil.getSanUri(identity.certificate())
                        .orElse(NamespaceUris.SIMULATOR + ":" + machineName))
                .setApplicationName(LocalizedText.english(options.applicationName()))
                .setProductUri(NamespaceUris.SIMULATOR)
                .setCertificateManager(new DefaultCertificateManager(quarantine, certificates))
                .setIdentityValidator(identityValidator())
                .setEndpoints(endpoints)
                .build();
    }

    private IdentityValidator identityValidator() {
        List<IdentityValidator> validators = new ArrayList<>();
        options.user().ifPresent(user -> validators.add(new UsernameIdentityValidator(
                challenge -> user.name().equals(challenge.getUsername())
                        && user.password().equals(challenge.getPassword()))));
        options.userCertificate().ifPresent(
                certificate -> validators.add(new X509IdentityValidator(certificate::equals)));
        return validators.isEmpty() ? AnonymousIdentityValidator.INSTANCE : new CompositeValidator(validators);
    }

    /**
     * Unless told to check clients, a test stand-in trusts every client that presents a certificate, so that tests
     * need not hand it the agent's certificate: what the client trusts is what most tests check.
     */
    private CertificateValidator clientCertificateValidator(MemoryTrustListManager trustList,
                                                            MemoryCertificateQuarantine quarantine) {
        if (options.security().keySet().equals(Set.of(SecurityPolicy.None))) {
            return new DefaultServerCertificateValidator(trustList, quarantine);
        }
        return (chain, applicationUri, hostnames) -> {
            if (chain.isEmpty()) {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "client sent no certificate");
            }
            if (!options.trustAnyClient() && !trustedClients.contains(chain.get(0))) {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "client certificate not trusted: "
                        + chain.get(0).getSubjectX500Principal().getName());
            }
        };
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
