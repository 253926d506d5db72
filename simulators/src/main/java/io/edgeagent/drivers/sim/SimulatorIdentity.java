package io.edgeagent.drivers.sim;

import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The key pair and self-signed certificate a simulator's server presents. Generating one takes about a second
 * (RSA 2048), most of a simulator's start: create it once and give it to every simulator of a test or demo.
 *
 * @param keyPair     the server's RSA key pair
 * @param certificate its self-signed certificate
 */
public record SimulatorIdentity(KeyPair keyPair, X509Certificate certificate) {

    /**
     * The simulators' application URI: OPC UA clients check that a server's certificate names the URI the server
     * announces, and it must differ from {@link NamespaceUris#SIMULATOR}, which names the machines' namespace.
     */
    private static final String APPLICATION_URI = NamespaceUris.SIMULATOR + ":server";

    private static final int KEY_BITS = 2048;

    public SimulatorIdentity {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** A fresh RSA 2048 key pair with a certificate for {@code 127.0.0.1} and {@code localhost}. */
    public static SimulatorIdentity generate() {
        try {
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(KEY_BITS);
            X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("edge-agent machine simulator")
                    .setOrganization("edge-agent")
                    .setApplicationUri(APPLICATION_URI)
                    .addDnsName("localhost")
                    .addIpAddress("127.0.0.1")
                    .setValidityPeriod(Period.ofYears(5))
                    .build();
            return new SimulatorIdentity(keyPair, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a simulator certificate: " + e.getMessage(), e);
        }
    }
}
