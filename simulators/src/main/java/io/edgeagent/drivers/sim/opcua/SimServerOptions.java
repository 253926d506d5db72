package io.edgeagent.drivers.sim.opcua;

import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * How a simulator's OPC UA server listens and whom it lets in; built by {@link Builder}, which each simulator's
 * builder wraps.
 *
 * @param port            the loopback port
 * @param path            the endpoint's path, e.g. {@code /imm}
 * @param applicationName what the server calls itself
 * @param identity        the certificate to present; empty: {@link SimServer#start} generates one
 * @param security        one mode per offered policy, in offering order
 * @param user            a user name and password to accept instead of anonymous access
 * @param userCertificate a user certificate to accept instead of anonymous access
 * @param trustAnyClient  whether any client certificate opens a secure channel, or only trusted ones
 * @param namespaces      the namespace table from index 2 on
 */
public record SimServerOptions(int port, String path, String applicationName, Optional<SimulatorIdentity> identity,
                               Map<SecurityPolicy, MessageSecurityMode> security, Optional<Credentials> user,
                               Optional<X509Certificate> userCertificate, boolean trustAnyClient,
                               NamespaceLayout namespaces) {

    /**
     * @param name     the user name
     * @param password its password
     */
    public record Credentials(String name, String password) {

        public Credentials {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "user " + name;
        }
    }

    public SimServerOptions {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (!Objects.requireNonNull(path, "path").startsWith("/")) {
            throw new IllegalArgumentException("an endpoint path starts with '/', was '" + path + "'");
        }
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(identity, "identity");
        security = security.isEmpty() ? Map.of(SecurityPolicy.None, MessageSecurityMode.None)
                : Collections.unmodifiableMap(new LinkedHashMap<>(security));
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(userCertificate, "userCertificate");
        Objects.requireNonNull(namespaces, "namespaces");
    }

    public static Builder builder() {
        return new Builder();
    }

    public String endpointUrl() {
        return "opc.tcp://127.0.0.1:" + port + path;
    }

    /** The options a simulator's builder passes on; every one has a default. */
    public static final class Builder {

        private int port;
        private SimulatorIdentity identity;
        private final Map<SecurityPolicy, MessageSecurityMode> security = new LinkedHashMap<>();
        private Credentials user;
        private X509Certificate userCertificate;
        private boolean trustAnyClient = true;
        private Long namespaceSeed;

        private Builder() {
        }

        /** The loopback port to listen on; by default one that is free when {@link #build} runs. */
        public Builder port(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** A certificate to reuse; without one, {@link SimServer#start} generates one (about a second). */
        public Builder identity(SimulatorIdentity value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /**
         * Offer an endpoint with this security policy and mode, e.g. {@code security("Basic256Sha256",
         * "SignAndEncrypt")}; call once per endpoint, one mode per policy. Without a call the server offers only
         * None/None.
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

        /** Refuse the secure channel to clients whose certificate was not given to {@link SimServer#trustClient}. */
        public Builder requireTrustedClients() {
            this.trustAnyClient = false;
            return this;
        }

        /** Accept this user name and password (instead of anonymous access). */
        public Builder user(String name, String secret) {
            this.user = new Credentials(name, secret);
            return this;
        }

        /** Accept a user that proves to hold this X.509 certificate's key (instead of anonymous access). */
        public Builder userCertificate(X509Certificate certificate) {
            this.userCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Shuffle the namespace table with this seed: see {@link NamespaceLayout#shuffled}. */
        public Builder namespaceOrder(long seed) {
            this.namespaceSeed = seed;
            return this;
        }

        /**
         * @param path            the endpoint's path, e.g. {@code /imm}
         * @param applicationName what the server calls itself
         * @param namespaces      the simulator's namespace table, shuffled here if {@link #namespaceOrder} asked
         */
        public SimServerOptions build(String path, String applicationName, NamespaceLayout namespaces) {
            return new SimServerOptions(port == 0 ? SimServer.freePort() : port, path, applicationName,
                    Optional.ofNullable(identity), security, Optional.ofNullable(user),
                    Optional.ofNullable(userCertificate), trustAnyClient,
                    namespaceSeed == null ? namespaces : namespaces.shuffled(namespaceSeed));
        }
    }
}
