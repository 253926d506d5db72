package io.edgeagent.drivers.opcua;

import java.util.List;
import java.util.Objects;

/**
 * One endpoint a server offers, as the probe lists it.
 *
 * @param url                   as the server advertises it; its host may not resolve from here
 * @param securityPolicy        the policy's short name, as the config writes it, e.g. {@code Basic256Sha256}
 * @param securityMode          {@code None}, {@code Sign} or {@code SignAndEncrypt}
 * @param securityLevel         the server's own ranking of its endpoints, higher is more secure
 * @param userTokens            the user identities it accepts: {@code Anonymous}, {@code UserName},
 *                              {@code Certificate}, {@code IssuedToken}
 * @param certificateThumbprint the server certificate it presents, one of {@link DiscoveredServer#certificates()};
 *                              {@code null} when it sends none
 */
public record OfferedEndpoint(String url, String securityPolicy, String securityMode, int securityLevel,
                              List<String> userTokens, String certificateThumbprint) {

    public OfferedEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(securityPolicy, "securityPolicy");
        Objects.requireNonNull(securityMode, "securityMode");
        userTokens = List.copyOf(userTokens);
    }
}
