package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.edgeagent.drivers.net.PemFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Creates a Milo client for an {@link OpcUaEndpoint}, on the given {@link OpcUaThreads}. Creating one asks the server
 * for its endpoints.
 */
final class ClientFactory {

    private ClientFactory() {
    }

    /**
     * @param security the client's certificate and trust list; {@code null} for security None
     * @param identity the session's user, from {@link #identity}
     * @param threads  what the client and its discovery run on
     * @throws UaException when the server cannot be reached, offers no endpoint we can use, or its certificate
     *                     is refused ({@link ServerCertificateRejected}); Milo throws here, before {@code connect()},
     *                     when the machine is off
     */
    static OpcUaClient create(String machineId, OpcUaEndpoint endpoint, ClientSecurity security,
                              IdentityProvider identity, OpcUaThreads threads) throws UaException {
        UInteger timeout = uint(endpoint.requestTimeout().toMillis());
        AtomicReference<String> offered = new AtomicReference<>();
        AtomicReference<UaException> refused = new AtomicReference<>();
        try {
            return OpcUaClient.create(
                    endpoint.endpointUrl(),
                    endpoints -> select(endpoints, endpoint, security, offered, refused),
                    transport -> {
                        transport.setConnectTimeout(timeout);
                        threads.configure(transport);
                    },
                    config -> {
                        config.setApplicationName(LocalizedText.english("edge-agent"))
                                .setApplicationUri("urn:edge-agent:" + machineId)
                                .setProductUri("urn:edge-agent")
                                .setSessionName(() -> "edge-agent " + machineId)
                                .setRequestTimeout(timeout)
                                .setIdentityProvider(identity);
                        if (security != null) {
                            security.configure(config);
                        }
                    });
        } catch (UaException e) {
            if (refused.get() != null) {
                throw refused.get();
            }
            if (offered.get() != null) {
                throw new UaException(StatusCodes.Bad_SecurityPolicyRejected, "the server offers no endpoint with "
                        + endpoint.security().label() + ", only " + offered.get());
            }
            throw e;
        }
    }

    /**
     * The session's identity provider. Files of an X.509 user identity are read here, at each connect attempt.
     *
     * @throws IOException with a one-line message when the user certificate or key cannot be used
     */
    static IdentityProvider identity(UserIdentity identity) throws IOException {
        if (identity instanceof UserCredentials credentials) {
            return new UsernameProvider(credentials.username(), () -> utf8(credentials.password()));
        }
        if (identity instanceof UserCertificate user) {
            try {
                List<X509Certificate> chain = PemFiles.certificates(user.certificateFile());
                PrivateKey key = PemFiles.privateKey(user.privateKeyFile());
                ClientCertificate.requireRsaPair(chain.get(0), key, user.certificateFile(), user.privateKeyFile());
                return new X509IdentityProvider(chain, key);
            } catch (IOException e) {
                throw new IOException("user certificate unusable: " + e.getMessage(), e);
            }
        }
        return new AnonymousProvider();
    }

    /** The endpoint with the configured policy and mode, when the server offers it and its certificate passes. */
    private static Optional<EndpointDescription> select(List<EndpointDescription> endpoints, OpcUaEndpoint wanted,
                                                        ClientSecurity security, AtomicReference<String> offered,
                                                        AtomicReference<UaException> refused) {
        OpcUaSecurity settings = wanted.security();
        Optional<EndpointDescription> match = endpoints.stream()
                .filter(e -> settings.securityPolicy().getUri().equals(e.getSecurityPolicyUri()))
                .filter(e -> e.getSecurityMode() == settings.securityMode())
                .findFirst()
                // Servers often advertise a host name the agent cannot resolve; the configured one got us here.
                .map(e -> EndpointUtil.updateUrl(e, wanted.host(), wanted.port()));
        if (match.isEmpty()) {
            offered.set(endpoints.stream()
                    .map(e -> e.getSecurityPolicyUri().replaceFirst(".*#", "") + "/" + e.getSecurityMode())
                    .distinct()
                    .collect(Collectors.joining(", ")));
            return match;
        }
        if (security != null) {
            try {
                security.checkAdvertised(match.get());
            } catch (UaException e) {
                refused.set(e);
                return Optional.empty();
            }
        }
        return match;
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        Arrays.fill(password, '\0');
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }
}
