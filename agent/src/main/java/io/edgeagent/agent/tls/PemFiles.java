package io.edgeagent.agent.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
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
 * Certificates and unencrypted private keys from PEM files. Every error names the setting and the file
 * and says what is wrong with it, because the technician reading it has only the config and the files.
 */
final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate in the file, in file order (at least one); other PEM blocks are ignored. */
    static List<X509Certificate> certificates(String setting, Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<Object> blocks = blocks(setting, file);
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object block : blocks) {
            if (block instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw problem(setting, file, "certificate " + (certificates.size() + 1)
                            + " cannot be read (" + e.getMessage() + ")", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw problem(setting, file, "no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)"
                    + found(blocks), null);
        }
        return List.copyOf(certificates);
    }

    /** The first private key in the file: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
    static PrivateKey privateKey(String setting, Path file) {
        List<Object> blocks = blocks(setting, file);
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
                throw problem(setting, file, "unsupported private key (" + e.getMessage() + ")", e);
            }
            if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
                throw problem(setting, file, "the private key is encrypted: the agent needs it unencrypted"
                        + " (openssl pkey -in " + file + " -out plain.key), in a file only the agent's user can"
                        + " read", null);
            }
        }
        throw problem(setting, file, "not a PEM private key (expected -----BEGIN PRIVATE KEY-----,"
                + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)" + found(blocks), null);
    }

    private static List<Object> blocks(String setting, Path file) {
        List<Object> blocks = new ArrayList<>();
        // ISO-8859-1 maps every byte, so a binary file reads as text without PEM blocks instead of failing.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (NoSuchFileException e) {
            throw problem(setting, file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw problem(setting, file, "permission denied: the agent's user must be able to read it", e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // BouncyCastle reports bad Base64 and bad DER as runtime exceptions, bad PEM as IOException.
            throw problem(setting, file, "damaged PEM (" + e.getMessage() + ")", e);
        }
        return blocks;
    }

    /** What the file holds instead, so a swapped certFile and keyFile is obvious from the message. */
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

    private static TlsUnavailableException problem(String setting, Path file, String what, Throwable cause) {
        return new TlsUnavailableException(setting + " " + file + ": " + what, cause);
    }
}
