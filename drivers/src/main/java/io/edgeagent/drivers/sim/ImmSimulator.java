package io.edgeagent.drivers.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
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
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An injection-moulding machine speaking OPC UA the way EUROMAP 77 / OPC 40077 machines do: one Milo server on
 * {@code opc.tcp://127.0.0.1:<port>/imm}, hosting one machine: security None and anonymous access unless
 * {@link Builder#security} asks for secured endpoints (with the simulator's certificate, {@link SimulatorIdentity})
 * and {@link Builder#user} or {@link Builder#userCertificate} for a user.
 *
 * <p>Address space: namespace {@value #NAMESPACE_URI}, which gets index {@value #NAMESPACE_INDEX} (0 is OPC UA's,
 * 1 the server's own); under {@code Objects/DeviceSet/<machineName>} one object per path segment and one
 * variable per {@link ImmNode}, with string node ids {@code <machineName>/<path>}, e.g.
 * {@code nsu=urn:edge-agent:simulator;s=imm-01/MachineStatus/MachineMode} or {@code ns=2;s=imm-01/...}.
 * What the values do per phase is on {@link Phase}.
 *
 * <p>Simulated time advances on one thread, {@code sim-<machineName>}, a tick at a time. In scenario mode the
 * phase follows a looping {@link Scenario}; in manual mode it changes only through {@link #setPhase}. A simulator
 * starts once and stops once; to simulate a server restart, start a new one on the same port.
 */
public final class ImmSimulator implements AutoCloseable {

    public static final String NAMESPACE_URI = "urn:edge-agent:simulator";
    public static final int NAMESPACE_INDEX = 2;

    private static final Logger log = LoggerFactory.getLogger(ImmSimulator.class);
    private static final Pattern MACHINE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Duration SERVER_WAIT = Duration.ofSeconds(10);

    private enum Lifecycle { NEW, RUNNING, STOPPED }

    private final String machineName;
    private final int port;
    private final Duration tick;
    private final Scenario<Phase> scenario;
    private final SimulatorIdentity givenIdentity;
    private final Map<SecurityPolicy, MessageSecurityMode> security;
    private final String username;
    private final String password;
    private final X509Certificate userCertificate;
    private final boolean trustAnyClient;
    private final Set<X509Certificate> trustedClients = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    // Guarded by lock.
    private final ImmMachine machine;
    private Duration scenarioTime = Duration.ZERO;
    private ImmNamespace namespace;
    private OpcUaServer server;
    private Ticker ticker;
    private Lifecycle lifecycle = Lifecycle.NEW;
    private volatile ImmMachine.State state;

    private ImmSimulator(Builder builder) {
        this.machineName = builder.machineName;
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.tick = builder.tick;
        this.scenario = builder.scenario;
        this.givenIdentity = builder.identity;
        this.security = builder.security.isEmpty() ? Map.of(SecurityPolicy.None, MessageSecurityMode.None)
                : Map.copyOf(builder.security);
        this.username = builder.username;
        this.password = builder.password;
        this.userCertificate = builder.userCertificate;
        this.trustAnyClient = builder.trustAnyClient;
        Phase initial = scenario == null ? builder.manualPhase : scenario.phaseAt(Duration.ZERO);
        // Seeded by name: the same machine produces the same noise and jitter on every run.
        this.machine = new ImmMachine(builder.cycleTime, builder.cavities, new Random(machineName.hashCode()),
                initial);
        this.state = machine.state();
    }

    public static Builder builder(String machineName) {
        return new Builder(machineName);
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
     * Binds the server and starts simulated time; returns once clients can connect.
     *
     * @throws IllegalStateException when the port is taken or the simulator was started before
     */
    public void start() {
        synchronized (lock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("simulator " + machineName + " can be started only once");
            }
            SimulatorIdentity identity = givenIdentity != null ? givenIdentity : SimulatorIdentity.generate();
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                // Milo names the RSA-OAEP-SHA256 and RSA-PSS algorithms of the newer policies as BouncyCastle does.
                Security.addProvider(new BouncyCastleProvider());
            }
            server = new OpcUaServer(serverConfig(identity),
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            namespace = new ImmNamespace(server, machineName);
            namespace.startup();
            namespace.publish(state);
            try {
                server.startup().get(SERVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                shutdownServer();
                lifecycle = Lifecycle.STOPPED;
                throw new IllegalStateException("simulator " + machineName + " cannot listen on " + endpointUrl()
                        + ": " + rootMessage(e), e);
            }
            ticker = Ticker.start(machineName, "sim-" + machineName, tick, this::tick);
            lifecycle = Lifecycle.RUNNING;
        }
        log.info("simulator {}: listening on {} ({}, {}, {}, phase {})", machineName, endpointUrl(),
                security.entrySet().stream().map(e -> e.getKey() + "/" + e.getValue()).sorted().toList(), users(),
                scenario == null ? "manual" : "scenario of " + scenario.steps().size() + " steps", state.phase());
    }

    /** Stops simulated time and the server and frees the port; a no-op when not running. */
    public void stop() {
        Ticker stoppingTicker;
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                lifecycle = Lifecycle.STOPPED;
                return;
            }
            lifecycle = Lifecycle.STOPPED;
            stoppingTicker = ticker;
        }
        // Outside the lock: a tick waiting for it must finish before the ticker can terminate.
        stoppingTicker.stop();
        synchronized (lock) {
            shutdownServer();
        }
        log.info("simulator {}: stopped", machineName);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Switches phase now (manual mode only).
     *
     * @throws IllegalStateException when a scenario drives the phase
     */
    public void setPhase(Phase phase) {
        Objects.requireNonNull(phase, "phase");
        if (scenario != null) {
            throw new IllegalStateException("simulator " + machineName + " follows a scenario; setPhase needs manual"
                    + " mode");
        }
        synchronized (lock) {
            changePhase(phase);
            publish();
        }
    }

    public String endpointUrl() {
        return "opc.tcp://127.0.0.1:" + port + "/imm";
    }

    public String machineName() {
        return machineName;
    }

    public int port() {
        return port;
    }

    public Phase phase() {
        return state.phase();
    }

    /** Finished cycles since start. */
    public long cycleCount() {
        return state.cycleCounter();
    }

    /**
     * The node's address in {@code nsu=} form, e.g.
     * {@code nsu=urn:edge-agent:simulator;s=imm-01/Process/ClampForce}.
     */
    public String nodeId(ImmNode node) {
        return "nsu=" + NAMESPACE_URI + ";s=" + machineName + "/" + node.path();
    }

    /**
     * Trusts a client certificate from now on, as a server's administrator does; matters only after
     * {@link Builder#requireTrustedClients}.
     */
    public void trustClient(X509Certificate certificate) {
        trustedClients.add(Objects.requireNonNull(certificate, "certificate"));
    }

    private void tick() {
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                return;
            }
            if (scenario != null) {
                scenarioTime = scenarioTime.plus(tick);
                changePhase(scenario.phaseAt(scenarioTime));
            }
            machine.advance(tick);
            publish();
        }
    }

    private void changePhase(Phase next) {
        Phase before = state.phase();
        if (next != before) {
            machine.setPhase(next);
            log.info("simulator {}: {} -> {}", machineName, before, next);
        }
    }

    private void publish() {
        state = machine.state();
        if (namespace != null && lifecycle != Lifecycle.STOPPED) {
            namespace.publish(state);
        }
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
        security.forEach((policy, mode) -> {
            EndpointConfig.Builder endpoint = EndpointConfig.newBuilder()
                    .setBindAddress("127.0.0.1")
                    .setHostname("127.0.0.1")
                    .setBindPort(port)
                    .setPath("/imm")
                    .setCertificate(identity.certificate())
                    .setSecurityPolicy(policy)
                    .setSecurityMode(mode);
            if (username != null) {
                endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
            }
            if (userCertificate != null) {
                endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_X509);
            }
            if (username == null && userCertificate == null) {
                endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
            }
            endpoints.add(endpoint.build());
        });

        return OpcUaServerConfig.builder()
                // The client checks it against the certificate's URI; the server's own namespace (index 1) is
                // named by it, so it must differ from NAMESPACE_URI.
                .setApplicationUri(CertificateUtil.getSanUri(identity.certificate())
                        .orElse(NAMESPACE_URI + ":" + machineName))
                .setApplicationName(LocalizedText.english("edge-agent IMM simulator " + machineName))
                .setProductUri(NAMESPACE_URI)
                .setCertificateManager(new DefaultCertificateManager(quarantine, certificates))
                .setIdentityValidator(identityValidator())
                .setEndpoints(endpoints)
                .build();
    }

    private IdentityValidator identityValidator() {
        List<IdentityValidator> validators = new ArrayList<>();
        if (username != null) {
            validators.add(new UsernameIdentityValidator(challenge -> username.equals(challenge.getUsername())
                    && password.equals(challenge.getPassword())));
        }
        if (userCertificate != null) {
            validators.add(new X509IdentityValidator(userCertificate::equals));
        }
        return validators.isEmpty() ? AnonymousIdentityValidator.INSTANCE : new CompositeValidator(validators);
    }

    private String users() {
        List<String> users = new ArrayList<>();
        if (username != null) {
            users.add("user " + username);
        }
        if (userCertificate != null) {
            users.add("user certificate " + userCertificate.getSubjectX500Principal().getName());
        }
        return users.isEmpty() ? "anonymous" : String.join(" or ", users);
    }

    /**
     * Unless told to check clients, a test stand-in trusts every client that presents a certificate, so that tests
     * need not hand it the agent's certificate: what the client trusts is what most tests check.
     */
    private CertificateValidator clientCertificateValidator(MemoryTrustListManager trustList,
                                                            MemoryCertificateQuarantine quarantine) {
        if (security.keySet().equals(Set.of(SecurityPolicy.None))) {
            return new DefaultServerCertificateValidator(trustList, quarantine);
        }
        return (chain, applicationUri, hostnames) -> {
            if (chain.isEmpty()) {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "client sent no certificate");
            }
            if (!trustAnyClient && !trustedClients.contains(chain.get(0))) {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "client certificate not trusted: "
                        + chain.get(0).getSubjectX500Principal().getName());
            }
        };
    }

    private void shutdownServer() {
        try {
            server.shutdown().get(SERVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("simulator {}: server shutdown failed: {}", machineName, rootMessage(e));
        }
        namespace.shutdown();
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Options for a simulator; every one but the machine name has a default. */
    public static final class Builder {

        private final String machineName;
        private int port;
        private Duration cycleTime = Duration.ofSeconds(20);
        private Duration tick = Duration.ofMillis(100);
        private int cavities = 2;
        private Scenario<Phase> scenario;
        private Phase manualPhase = Phase.IDLE;
        private SimulatorIdentity identity;
        private final Map<SecurityPolicy, MessageSecurityMode> security = new LinkedHashMap<>();
        private String username;
        private String password;
        private X509Certificate userCertificate;
        private boolean trustAnyClient = true;

        private Builder(String machineName) {
            Objects.requireNonNull(machineName, "machineName");
            if (!MACHINE_NAME.matcher(machineName).matches()) {
                throw new IllegalArgumentException("machine name must be letters, digits, '.', '_' or '-', was '"
                        + machineName + "'");
            }
            this.machineName = machineName;
        }

        /** The loopback port to listen on; by default one that is free when {@link #build} runs. */
        public Builder port(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** Nominal cycle time (default 20 s); each cycle varies by up to 2 %. */
        public Builder cycleTime(Duration value) {
            this.cycleTime = positive(value, "cycleTime");
            return this;
        }

        /** How often simulated time advances and values are published (default 100 ms). */
        public Builder tick(Duration value) {
            this.tick = positive(value, "tick");
            return this;
        }

        /** Parts per cycle (default 2). */
        public Builder cavities(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("cavities must be at least 1, was " + value);
            }
            this.cavities = value;
            return this;
        }

        /** Let the scenario drive the phase, looping. Replaces an earlier {@link #manual}. */
        public Builder scenario(Scenario<Phase> value) {
            this.scenario = Objects.requireNonNull(value, "scenario");
            return this;
        }

        /** Start in this phase and change only on {@link ImmSimulator#setPhase} (the default, in IDLE). */
        public Builder manual(Phase initial) {
            this.manualPhase = Objects.requireNonNull(initial, "initial");
            this.scenario = null;
            return this;
        }

        /** A certificate to reuse; without one, {@link ImmSimulator#start} generates one (about a second). */
        public Builder identity(SimulatorIdentity value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /**
         * Offer an endpoint with this security policy and mode, e.g. {@code security("Basic256Sha256",
         * "SignAndEncrypt")}; call once per endpoint, one mode per policy. Without a call the simulator offers
         * only None/None. Clients presenting any certificate are accepted, unless {@link #requireTrustedClients}.
         */
        public Builder security(String policy, String mode) {
            SecurityPolicy parsedPolicy = SecurityPolicy.valueOf(Objects.requireNonNull(policy, "policy"));
            MessageSecurityMode parsedMode = MessageSecurityMode.valueOf(Objects.requireNonNull(mode, "mode"));
            if ((parsedPolicy == SecurityPolicy.None) != (parsedMode == MessageSecurityMode.None)) {
                throw new IllegalArgumentException("security policy " + policy + " does not go with mode " + mode);
            }
            if (security.containsKey(parsedPolicy)) {
                throw new IllegalArgumentException("security policy " + policy + " is offered already");
            }
            security.put(parsedPolicy, parsedMode);
            return this;
        }

        /**
         * Refuse the secure channel to clients whose certificate was not given to {@link ImmSimulator#trustClient},
         * as real servers do; by default any client certificate is accepted.
         */
        public Builder requireTrustedClients() {
            this.trustAnyClient = false;
            return this;
        }

        /** Accept this user name and password (instead of anonymous access). */
        public Builder user(String name, String secret) {
            this.username = Objects.requireNonNull(name, "name");
            this.password = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** Accept a user that proves to hold this X.509 certificate's key (instead of anonymous access). */
        public Builder userCertificate(X509Certificate certificate) {
            this.userCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        public ImmSimulator build() {
            return new ImmSimulator(this);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
