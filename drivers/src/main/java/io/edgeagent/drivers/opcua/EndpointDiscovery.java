package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.GetEndpointsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;

/**
 * The probe's GetEndpoints, on a channel without security: it works before any certificate is trusted, on either
 * side, and names the endpoints, their security and the certificates they present.
 */
final class EndpointDiscovery {

    private EndpointDiscovery() {
    }

    /**
     * Only the endpoint's URL and timeout are used.
     *
     * @throws ProbeException when the server cannot be reached, does not answer in time, or is no OPC UA server
     */
    static DiscoveredServer discover(OpcUaEndpoint endpoint) throws ProbeException {
        String url = endpoint.endpointUrl();
        long timeout = endpoint.requestTimeout().toMillis();
        EndpointDescription discovery = new EndpointDescription(url, null, null, MessageSecurityMode.None,
                SecurityPolicy.None.getUri(), null, Stack.TCP_UASC_UABINARY_TRANSPORT_URI, ubyte(0));
        // Milo's static DiscoveryClient.getEndpoints neither bounds the request by our timeout nor waits for its
        // channel to close; this one does both.
        DiscoveryClient client = new DiscoveryClient(discovery, new OpcTcpClientTransport(
                OpcTcpClientTransportConfig.newBuilder().setConnectTimeout(uint(timeout)).build()));
        GetEndpointsResponse response;
        try {
            response = client.connectAsync()
                    .thenCompose(c -> c.getEndpoints(url, new String[0],
                            new String[] {Stack.TCP_UASC_UABINARY_TRANSPORT_URI}))
                    .get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ProbeException(fault(e.getCause(), url));
        } catch (TimeoutException e) {
            throw new ProbeException(Faults.describe(e, url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted: " + url);
        } finally {
            await(client.disconnectAsync(), timeout);
        }
        EndpointDescription[] offered = response.getEndpoints() == null ? new EndpointDescription[0]
                : response.getEndpoints();
        List<OfferedEndpoint> endpoints = new ArrayList<>();
        Map<String, ServerCertificate> certificates = new LinkedHashMap<>();
        for (EndpointDescription e : offered) {
            Optional<ServerCertificate> certificate = certificate(e);
            certificate.ifPresent(c -> certificates.putIfAbsent(c.thumbprint(), c));
            endpoints.add(new OfferedEndpoint(e.getEndpointUrl(), policyName(e.getSecurityPolicyUri()),
                    e.getSecurityMode() == null ? "?" : e.getSecurityMode().name(),
                    e.getSecurityLevel() == null ? 0 : e.getSecurityLevel().intValue(),
                    userTokens(e), certificate.map(ServerCertificate::thumbprint).orElse(null)));
        }
        if (offered.length == 0) {
            return new DiscoveredServer(url, null, null, null, endpoints, List.of());
        }
        ApplicationDescription application = offered[0].getServer();
        return new DiscoveredServer(url, application.getApplicationName() == null ? null
                : application.getApplicationName().getText(), application.getApplicationUri(),
                application.getProductUri(), endpoints, List.copyOf(certificates.values()));
    }

    /** Whether the future completed normally in time; the probe's answer does not depend on it. */
    static boolean await(Future<?> future, long timeoutMillis) {
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** As {@link Faults} says it, but a peer answering the Hello with something else (a web server, say) as such. */
    private static String fault(Throwable error, String url) {
        Optional<StatusCode> status = UaException.extractStatusCode(error);
        long code = status.map(c -> c.getValue() & 0xFFFF0000L).orElse(0L);
        if (code == StatusCodes.Bad_TcpMessageTooLarge || code == StatusCodes.Bad_TcpMessageTypeInvalid) {
            return "not an OPC UA server: " + url + " answers with something else ("
                    + DataValues.statusName(status.get()) + "); check the port";
        }
        return Faults.describe(error, url);
    }

    private static String policyName(String uri) {
        return uri == null ? "?" : uri.replaceFirst(".*#", "");
    }

    private static List<String> userTokens(EndpointDescription endpoint) {
        UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
        if (policies == null) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        for (UserTokenPolicy policy : policies) {
            String token = policy.getTokenType() == null ? "?" : policy.getTokenType().name();
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** The first certificate of the chain an endpoint advertises: the server's own. */
    private static Optional<ServerCertificate> certificate(EndpointDescription endpoint) {
        ByteString encoded = endpoint.getServerCertificate();
        if (encoded == null || encoded.isNullOrEmpty()) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = CertificateUtil.decodeCertificates(encoded.bytesOrEmpty());
            return chain.isEmpty() ? Optional.empty() : Optional.of(ServerCertificate.of(chain.get(0)));
        } catch (UaException unreadable) {
            // Shown as no certificate: a secured connection to that endpoint would fail on it the same way.
            return Optional.empty();
        }
    }
}
