package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/** Creates a Milo client for an {@link OpcUaEndpoint}. Creating one asks the server for its endpoints. */
final class ClientFactory {

    private ClientFactory() {
    }

    /**
     * @throws UaException when the server cannot be reached or offers no endpoint we can use; Milo throws here,
     *                     before {@code connect()}, when the machine is off
     */
    static OpcUaClient create(String machineId, OpcUaEndpoint endpoint) throws UaException {
        UInteger timeout = uint(endpoint.requestTimeout().toMillis());
        AtomicReference<String> offered = new AtomicReference<>();
        try {
            return OpcUaClient.create(
                    endpoint.endpointUrl(),
                    endpoints -> select(endpoints, endpoint, offered),
                    transport -> transport.setConnectTimeout(timeout),
                    config -> config
                            .setApplicationName(LocalizedText.english("edge-agent"))
                            .setApplicationUri("urn:edge-agent:" + machineId)
                            .setProductUri("urn:edge-agent")
                            .setSessionName(() -> "edge-agent " + machineId)
                            .setRequestTimeout(timeout)
                            .setIdentityProvider(identity(endpoint)));
        } catch (UaException e) {
            if (offered.get() != null) {
                throw new UaException(StatusCodes.Bad_SecurityPolicyRejected,
                        "the server offers no endpoint with security None, only " + offered.get());
            }
            throw e;
        }
    }

    private static Optional<EndpointDescription> select(List<EndpointDescription> endpoints, OpcUaEndpoint wanted,
                                                        AtomicReference<String> offered) {
        Optional<EndpointDescription> none = endpoints.stream()
                .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                .filter(e -> e.getSecurityMode() == MessageSecurityMode.None)
                .findFirst()
                // Servers often advertise a host name the agent cannot resolve; the configured one got us here.
                .map(e -> EndpointUtil.updateUrl(e, wanted.host(), wanted.port()));
        if (none.isEmpty()) {
            offered.set(endpoints.stream()
                    .map(e -> e.getSecurityPolicyUri().replaceFirst(".*#", "") + "/" + e.getSecurityMode())
                    .distinct()
                    .collect(Collectors.joining(", ")));
        }
        return none;
    }

    private static IdentityProvider identity(OpcUaEndpoint endpoint) {
        UserCredentials credentials = endpoint.credentials();
        if (credentials == null) {
            return new AnonymousProvider();
        }
        return new UsernameProvider(credentials.username(), () -> utf8(credentials.password()));
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        Arrays.fill(password, '\0');
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }
}
