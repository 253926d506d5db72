package io.edgeagent.drivers.opcua;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/** Self-signed certificates for tests: about a quarter of a second each (RSA 2048), so make them once per class. */
final class TestCertificates {

    private TestCertificates() {
    }

    record Issued(KeyPair keyPair, X509Certificate certificate) {
    }

    static Issued selfSigned(String commonName, String applicationUri) {
        try {
            KeyPair keyPair = rsa();
            X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName(commonName)
                    .setOrganization("edge-agent tests")
                    .setApplicationUri(applicationUri)
                    .addDnsName("localhost")
                    .setValidityPeriod(Period.ofDays(30))
                    .build();
            return new Issued(keyPair, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test certificate", e);
        }
    }

    /** A CA certificate, for servers whose certificates a plant's CA issued. */
    static Issued authority(String commonName) {
        KeyPair keyPair = rsa();
        X500Name name = new X500Name("CN=" + commonName);
        return new Issued(keyPair, sign(new JcaX509v3CertificateBuilder(name, serial(), from(), until(), name,
                keyPair.getPublic()), keyPair, true, null));
    }

    /** A server certificate issued by the CA, with the application URI OPC UA needs. */
    static Issued issuedBy(Issued ca, String commonName, String applicationUri) {
        KeyPair keyPair = rsa();
        return new Issued(keyPair, sign(new JcaX509v3CertificateBuilder(ca.certificate(), serial(), from(), until(),
                new X500Name("CN=" + commonName), keyPair.getPublic()), ca.keyPair(), false, applicationUri));
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer, boolean ca,
                                        String applicationUri) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment
                    | KeyUsage.dataEncipherment));
            if (!ca) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            if (applicationUri != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.uniformResourceIdentifier, applicationUri),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static KeyPair rsa() {
        try {
            return SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a test key pair", e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(System.nanoTime());
    }

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date until() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }

    /** PEM as OpenSSL writes it; a private key comes out as PKCS#1 ({@code RSA PRIVATE KEY}). */
    static Path writePem(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(object);
        }
        return Files.writeString(file, text.toString());
    }
}
