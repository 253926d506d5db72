package io.edgeagent.drivers.opcua;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach one OPC UA server.
 *
 * @param endpointUrl    {@code opc.tcp://host[:port][/path]} (port 4840 when omitted). The host and port given
 *                       here are used even when the server advertises another host name in its endpoint list,
 *                       as machines behind NAT or with an unresolvable host name often do
 * @param requestTimeout how long the TCP connect and each request may take
 * @param security       the channel's security policy and mode, and where the client keeps its certificate and
 *                       trust list; {@link OpcUaSecurity#INSECURE} for none
 * @param credentials    the session's user: {@link UserCredentials} (name and password), {@link UserCertificate}
 *                       (X.509 certificate and key), or {@code null} for anonymous access
 */
public record OpcUaEndpoint(String endpointUrl, Duration requestTimeout, OpcUaSecurity security,
                            UserIdentity credentials) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int DEFAULT_PORT = 4840;

    public OpcUaEndpoint {
        Objects.requireNonNull(endpointUrl, "endpointUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(security, "security");
        URI uri = parse(endpointUrl);
        if (!"opc.tcp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint URL must look like opc.tcp://host:port/path, was "
                    + endpointUrl);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    /** Anonymous access without security, with the default request timeout. */
    public static OpcUaEndpoint of(String endpointUrl) {
        return new OpcUaEndpoint(endpointUrl, DEFAULT_REQUEST_TIMEOUT, OpcUaSecurity.INSECURE, null);
    }

    public OpcUaEndpoint withCredentials(UserIdentity newCredentials) {
        return new OpcUaEndpoint(endpointUrl, requestTimeout, security, newCredentials);
    }

    public OpcUaEndpoint withSecurity(OpcUaSecurity newSecurity) {
        return new OpcUaEndpoint(endpointUrl, requestTimeout, newSecurity, credentials);
    }

    public OpcUaEndpoint withRequestTimeout(Duration newTimeout) {
        return new OpcUaEndpoint(endpointUrl, newTimeout, security, credentials);
    }

    String host() {
        return parse(endpointUrl).getHost();
    }

    int port() {
        int port = parse(endpointUrl).getPort();
        return port == -1 ? DEFAULT_PORT : port;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint URL is not a valid URI: " + url, e);
        }
    }
}
