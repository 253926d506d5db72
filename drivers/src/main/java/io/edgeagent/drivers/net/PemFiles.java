package io.edgeagent.drivers.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Certificates and unencrypted private keys in files, for every secured link: the OPC UA client's own certificate
 * and X.509 user identities, and the MQTT uplink's TLS. Every error names the file and says what is wrong with it,
 * because the technician reading it has only the config and the files.
 */
public final class PemFiles {

    private static final String NOT_A_CERTIFICATE = "is not a PEM or DER certificate";
    private static final String NOT_A_KEY = "is not a usable private key";
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private PemFiles() {
    }

    /**
     * Every certificate in the file, in file order (at least one): the PEM certificates, other PEM blocks ignored, or
     * a binary DER certificate (what an OPC UA server's certificate store holds).
     */
    public static List<X509Certificate> certificates(Path file) throws PemFileException {
        List<Object> blocks = blocks(file, NOT_A_CERTIFICATE);
        if (blocks.isEmpty()) {
            return der(file);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object block : blocks) {
            if (block instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new PemFileException(file, NOT_A_CERTIFICATE, "certificate " + (certificates.size() + 1)
                            + " cannot be read (" + e.getMessage() + ")", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new PemFileException(file, NOT_A_CERTIFICATE,
                    "no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)" + found(blocks), null);
        }
        return List.copyOf(certificates);
    }

    /** The first private key in the file: PKCS#8, PKCS#1 RSA or SEC1 EC, in PEM, unencrypted. */
    public static PrivateKey privateKey(Path file) throws PemFileException {
        List<Object> blocks = blocks(file, NOT_A_KEY);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object block : blocks) {
            try {
                if (block instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (block instanceof PEMKeyPair traditional) {
                    // Only the private half: a SEC1 EC key may come without its public key.
                    return converter.getPrivateKey(traditional.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new PemFileException(file, NOT_A_KEY, "unsupported private key (" + e.getMessage() + ")", e);
            }
            if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
                throw new PemFileException(file, NOT_A_KEY, "the private key is encrypted: the agent needs it"
                        + " unencrypted (openssl pkey -in " + file + " -out plain.key), in a file only the agent's"
                        + " user can read", null);
            }
        }
        throw new PemFileException(file, NOT_A_KEY, "not a PEM private key (expected -----BEGIN PRIVATE KEY-----,"
                + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)" + found(blocks), null);
    }

    /**
     * True when {@code key} is the private key of {@code certificate}: a probe it signs verifies with the
     * certificate's public key. Checks RSA, EC and EdDSA (Ed25519, Ed448) keys; a rarer kind (RSASSA-PSS, DSA) is
     * left to whatever uses it, and passes. A key of one kind and a certificate of another (RSA and EC) fail.
     * The signature follows the certificate's key as the JDK names it: the private key's name depends on which
     * provider parsed it (BouncyCastle, registered once an OPC UA machine is secured, calls EC keys "ECDSA").
     */
    public static boolean isKeyOf(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (certificate.getPublicKey().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] probe = "edge-agent key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** PKCS#8 PEM into a file that exists already, so that its permissions were set before the key is in it. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Files.writeString(file, KEY_BEGIN + "\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n" + KEY_END + "\n", StandardCharsets.US_ASCII);
    }

    private static List<Object> blocks(Path file, String failure) throws PemFileException {
        List<Object> blocks = new ArrayList<>();
        // ISO-8859-1 maps every byte, so a binary file reads as text without PEM blocks instead of failing.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (NoSuchFileException e) {
            throw new PemFileException(file, "does not exist", null, e);
        } catch (AccessDeniedException e) {
            throw new PemFileException(file, "cannot be read",
                    "permission denied: the agent's user must be able to read it", e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // BouncyCastle reports bad Base64 and bad DER as runtime exceptions, bad PEM as IOException.
            throw new PemFileException(file, failure, "damaged PEM (" + e.getMessage() + ")", e);
        }
        return blocks;
    }

    private static List<X509Certificate> der(Path file) throws PemFileException {
        Exception cause = null;
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
            if (!certificates.isEmpty()) {
                return List.copyOf(certificates);
            }
        } catch (IOException | CertificateException e) {
            cause = e;
        }
        throw new PemFileException(file, NOT_A_CERTIFICATE, "no certificate in it: no PEM block (expected -----BEGIN"
                + " CERTIFICATE-----) and no DER certificate either", cause);
    }

    /** What the file holds instead, so a swapped certificate and key file is obvious from the message. */
    private static String found(List<Object> blocks) {
        if (blocks.isEmpty()) {
            return "; it has no PEM block at all (a binary DER file must first be converted to PEM with openssl)";
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (Object block : blocks) {
            kinds.add(kind(block));
        }
        return "; it holds " + String.join(", ", kinds);
    }

    private static String kind(Object block) {
        if (block instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (block instanceof PrivateKeyInfo || block instanceof PEMKeyPair) {
            return "a private key";
        }
        if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
            return "an encrypted private key";
        }
        if (block instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (block instanceof PKCS10CertificationRequest) {
            return "a certificate request";
        }
        if (block instanceof ASN1ObjectIdentifier || block instanceof X9ECParameters) {
            return "EC parameters";
        }
        return block.getClass().getSimpleName();
    }
}
