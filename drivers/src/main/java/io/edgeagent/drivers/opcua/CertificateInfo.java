package io.edgeagent.drivers.opcua;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * What an engineer needs to decide whether to trust a certificate.
 *
 * @param thumbprint     SHA-1 of the DER encoding, 40 upper-case hex digits: what OPC UA servers and UaExpert show
 * @param subject        the subject's distinguished name
 * @param applicationUri the SAN URI, or {@code null} when the certificate has none
 * @param notBefore      start of validity
 * @param notAfter       end of validity
 * @param file           where it is stored
 */
public record CertificateInfo(String thumbprint, String subject, String applicationUri, Instant notBefore,
                              Instant notAfter, Path file) {

    public CertificateInfo {
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(file, "file");
    }

    static CertificateInfo of(X509Certificate certificate, Path file) {
        return new CertificateInfo(thumbprint(certificate), certificate.getSubjectX500Principal().getName(),
                CertificateUtil.getSanUri(certificate).orElse(null), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), file);
    }

    /** {@code CN=<common name>} as OPC UA tools list certificates, or the whole subject when it has no CN. */
    static String name(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            return new LdapName(subject).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(rdn -> "CN=" + rdn.getValue())
                    .findFirst()
                    .orElse(subject);
        } catch (InvalidNameException e) {
            return subject;
        }
    }

    static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a certificate thumbprint: " + e.getMessage(), e);
        }
    }

    /** Upper case without separators, so that {@code 3f:2a:...} as copied from a server's UI matches too. */
    static String normalize(String thumbprint) {
        return thumbprint.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
    }
}
