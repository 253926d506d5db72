package io.edgeagent.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificate authorities, server and client certificates made fresh for each test run, so no key material
 * is checked in. Everything is valid from an hour ago for a day.
 */
public final class TestPki {

    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");

    private TestPki() {
    }

    /** How a private key is written to PEM. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY}. */
        PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY} (SEC1). */
        TRADITIONAL,
        /** The traditional form with {@code Proc-Type: 4,ENCRYPTED} (OpenSSL's legacy encryption). */
        ENCRYPTED
    }

    /** A key and its certificate. */
    public record Credential(PrivateKey key, X509Certificate certificate) {

        /** A server certificate issued by this CA for the given DNS names and IP addresses (EC key). */
        public Credential server(String... hosts) {
            GeneralName[] names = new GeneralName[hosts.length];
            for (int i = 0; i < hosts.length; i++) {
                names[i] = new GeneralName(IP.matcher(hosts[i]).matches() ? GeneralName.iPAddress : GeneralName.dNSName,
                        hosts[i]);
            }
            return issue(this, hosts[0], keyPair("EC"), false, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
        }

        /** A client certificate issued by this CA, with an {@code "EC"} or {@code "RSA"} key. */
        public Credential client(String commonName, String keyAlgorithm) {
            return issue(this, commonName, keyPair(keyAlgorithm), false, KeyPurposeId.id_kp_clientAuth, null);
        }

        public Path writeCertificate(Path file) {
            return writePem(file, writer -> writer.writeObject(certificate));
        }

        public Path writeKey(Path file, KeyFormat format) {
            return writePem(file, writer -> {
                switch (format) {
                    case PKCS8 -> writer.writeObject(new JcaPKCS8Generator(key, null));
                    case TRADITIONAL -> {
                        if (key instanceof ECPrivateKey ec) {
                            writeSec1(writer, ec, certificate);
                        } else {
                            writer.writeObject(key);
                        }
                    }
                    case ENCRYPTED -> writer.writeObject(key,
                            new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                                    .build("secret".toCharArray()));
                }
            });
        }
    }

    /**
     * As {@code openssl ecparam -genkey} writes it: the curve, then the key with curve and public key inside
     * (the JDK's encoding, which BouncyCastle would otherwise copy, leaves both out of the SEC1 structure).
     */
    private static void writeSec1(JcaPEMWriter writer, ECPrivateKey key, X509Certificate certificate)
            throws IOException {
        ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
        ASN1BitString publicKey = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                .getPublicKeyData();
        writer.writeObject(new PemObject("EC PARAMETERS", curve.toASN1Primitive().getEncoded()));
        writer.writeObject(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
                key.getParams().getOrder().bitLength(), key.getS(), publicKey, curve).getEncoded()));
    }

    /** A self-signed certificate authority (EC key). */
    public static Credential ca(String commonName) {
        return issue(null, commonName, keyPair("EC"), true, null, null);
    }

    private static Credential issue(Credential issuer, String commonName, KeyPair keys, boolean ca,
                                    KeyPurposeId purpose, GeneralNames hosts) {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + commonName);
        X500Name issuerName = issuer == null
                ? subject : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(63, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (hosts != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, hosts);
            }
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.key();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
            return new Credential(keys.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
        }
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize("RSA".equals(algorithm) ? 2048 : 256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + algorithm + " key generator", e);
        }
    }

    private interface PemContent {
        void writeTo(JcaPEMWriter writer) throws IOException;
    }

    private static Path writePem(Path file, PemContent content) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter writer = new JcaPEMWriter(out)) {
            content.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
