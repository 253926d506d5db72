package io.edgeagent.drivers.opcua;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;

/**
 * One probe's session: opened with the endpoint's security and user, the server's certificate checked against
 * the trust list like the driver does, and closed with everything Milo made for it before {@link #run} returns.
 * A certificate the trust list refuses is named in the {@link ProbeException}, so that it can be trusted.
 */
final class ProbeSession {

    /** The session's application name when no PKI sets one: the probe is not one of the agent's machines. */
    private static final String CLIENT_NAME = "probe";

    /** What the probe does in the session. */
    @FunctionalInterface
    interface Work<T> {
        T run(OpcUaClient client) throws UaException, ProbeException;
    }

    private ProbeSession() {
    }

    static <T> T run(OpcUaEndpoint endpoint, Work<T> work) throws ProbeException {
        String url = endpoint.endpointUrl();
        // Milo's own discovery in OpcUaClient.create waits up to a minute for a server that accepts and stays
        // silent; this one is bounded by the probe's timeout, and names the certificate should it be refused.
        DiscoveredServer server = EndpointDiscovery.discover(endpoint);
        ClientSecurity security;
        IdentityProvider identity;
        try {
            security = endpoint.security().isSecured() ? ClientSecurity.open(CLIENT_NAME, endpoint.security()) : null;
            identity = ClientFactory.identity(endpoint.credentials());
        } catch (IOException e) {
            throw new ProbeException(url + ": " + e.getMessage());
        }
        try (OpcUaThreads threads = new OpcUaThreads()) {
            OpcUaClient client;
            try {
                client = ClientFactory.create(CLIENT_NAME, endpoint, security, identity, threads);
            } catch (UaException e) {
                throw failure(e, endpoint, security, server);
            }
            try {
                client.connect();
                return work.run(client);
            } catch (UaException e) {
                throw failure(e, endpoint, security, server);
            } finally {
                disconnect(client, endpoint.requestTimeout().toMillis());
            }
        }
    }

    private static ProbeException failure(UaException error, OpcUaEndpoint endpoint, ClientSecurity security,
                                          DiscoveredServer server) {
        String url = endpoint.endpointUrl();
        Optional<ServerCertificateRejected> rejected = ServerCertificateRejected.in(error);
        if (rejected.isEmpty()) {
            String fault = Faults.describe(error, url);
            return new ProbeException(security == null ? fault : security.explain(error, fault));
        }
        ServerCertificate untrusted = null;
        if ((rejected.get().getStatusCode().getValue() & 0xFFFF0000L) == StatusCodes.Bad_CertificateUntrusted) {
            untrusted = advertised(server, endpoint.security()).orElse(null);
        }
        return new ProbeException(url + ": " + rejected.get().getMessage(), untrusted);
    }

    /** The certificate the endpoint with this security presents: the one a rejection is about. */
    private static Optional<ServerCertificate> advertised(DiscoveredServer server, OpcUaSecurity wanted) {
        return server.endpoints().stream()
                .filter(e -> e.securityPolicy().equals(wanted.policy()) && e.securityMode().equals(wanted.mode()))
                .map(OfferedEndpoint::certificateThumbprint)
                .filter(Objects::nonNull)
                .findFirst()
                .flatMap(t -> server.certificates().stream().filter(c -> c.thumbprint().equals(t)).findFirst());
    }

    /** As the driver does: close the session, and when that does not complete, drop the channel. */
    private static void disconnect(OpcUaClient client, long timeoutMillis) {
        if (!EndpointDiscovery.await(client.disconnectAsync(), timeoutMillis)) {
            EndpointDiscovery.await(client.getTransport().disconnect(), timeoutMillis);
        }
    }
}
