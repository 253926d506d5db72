package io.edgeagent.drivers.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/** Reads and writes the certificate and key files of the PKI directory and of X.509 user identities. */
final class PemFiles {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private PemFiles() {
    }

    /** Every certificate in a PEM or DER file, in file order; never empty. */
    static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateUtil.decodeCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return certificates;
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (UaException e) {
            throw new IOException(file + " is not a PEM or DER certificate", e);
        }
    }

    /**
     * An unencrypted private key in PEM, PKCS#8 ({@code PRIVATE KEY}, what {@code openssl genpkey} writes) or
     * PKCS#1 ({@code RSA PRIVATE KEY}, older OpenSSL).
     */
    static PrivateKey readPrivateKey(Path file) throws IOException {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser pem = new PEMParser(reader)) {
            parsed = pem.readObject();
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + " is not a PEM private key: " + e.getMessage(), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        if (parsed == null) {
            throw new IOException(file + " holds no PEM private key");
        }
        throw new IOException(file + " holds a " + parsed.getClass().getSimpleName() + ", not an unencrypted"
                + " private key; an encrypted key must be decrypted first (openssl pkey -in KEY -out PLAIN)");
    }

    /** PKCS#8 PEM into a file that exists already, so that its permissions were set before the key is in it. */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Files.writeString(file, KEY_BEGIN + "\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n" + KEY_END + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * Checks that the key is the RSA private key of the certificate: the RSA security policies need RSA keys, and
     * a mismatch would otherwise only show as a failed handshake.
     */
    static void requireRsaPair(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile)
            throws IOException {
        PublicKey publicKey = certificate.getPublicKey();
        if (!(publicKey instanceof RSAPublicKey rsaPublic) || !(key instanceof RSAPrivateKey rsaPrivate)) {
            throw new IOException(certificateFile + " and " + keyFile + " must hold an RSA certificate and key, not "
                    + publicKey.getAlgorithm() + " and " + key.getAlgorithm());
        }
        if (!rsaPublic.getModulus().equals(rsaPrivate.getModulus())) {
            throw new IOException(keyFile + " is not the private key of the certificate in " + certificateFile);
        }
    }
}
