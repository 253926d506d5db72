package io.edgeagent.drivers.opcua;

import java.util.Optional;

/**
 * Why a probe failed, in one line naming the endpoint, e.g. {@code connection refused: opc.tcp://10.0.0.7:4840}
 * or {@code Bad_NodeIdUnknown: node ns=2;s=Mode on opc.tcp://10.0.0.7:4840}.
 */
public final class ProbeException extends Exception {

    private final ServerCertificate untrustedCertificate;

    public ProbeException(String message) {
        this(message, null);
    }

    ProbeException(String message, ServerCertificate untrustedCertificate) {
        super(message);
        this.untrustedCertificate = untrustedCertificate;
    }

    /**
     * The server's certificate, when the probe stopped because the trust list does not hold it; it is kept in
     * {@code rejected/}, so that {@code edge-agent opcua trust <thumbprint>} can trust it.
     */
    public Optional<ServerCertificate> untrustedCertificate() {
        return Optional.ofNullable(untrustedCertificate);
    }
}
