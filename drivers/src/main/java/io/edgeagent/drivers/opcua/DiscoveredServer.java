package io.edgeagent.drivers.opcua;

import java.util.List;
import java.util.Objects;

/**
 * What a server says about itself when the probe asks for its endpoints.
 *
 * @param endpointUrl     the URL asked
 * @param applicationName the server's name; {@code null} when it offers no endpoint
 * @param applicationUri  the server's application URI; {@code null} when it offers no endpoint
 * @param productUri      the server's product URI; {@code null} when it offers no endpoint
 * @param certificates    each certificate the endpoints present, once
 */
public record DiscoveredServer(String endpointUrl, String applicationName, String applicationUri, String productUri,
                               List<OfferedEndpoint> endpoints, List<ServerCertificate> certificates) {

    public DiscoveredServer {
        Objects.requireNonNull(endpointUrl, "endpointUrl");
        endpoints = List.copyOf(endpoints);
        certificates = List.copyOf(certificates);
    }
}
