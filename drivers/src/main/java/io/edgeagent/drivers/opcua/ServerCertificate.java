package io.edgeagent.drivers.opcua;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * A certificate as a server presents it to the probe.
 *
 * @param thumbprint     SHA-1 of the DER encoding, 40 upper-case hex digits, as UaExpert shows it
 * @param subject        the subject's distinguished name
 * @param applicationUri the SAN URI, or {@code null} when the certificate has none
 */
public record ServerCertificate(String thumbprint, String subject, String applicationUri, Instant notBefore,
                                Instant notAfter) {

    public ServerCertificate {
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    static ServerCertificate of(X509Certificate certificate) {
        return new ServerCertificate(CertificateInfo.thumbprint(certificate),
                certificate.getSubjectX500Principal().getName(),
                CertificateUtil.getSanUri(certificate).orElse(null), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
    }
}
