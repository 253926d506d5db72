package io.edgeagent.drivers.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link PemFiles#isKeyOf}: the one check, for the OPC UA client's certificates and the MQTT uplink's TLS, that a key
 * file holds the key of its certificate, for the key kinds TLS 1.2 and 1.3 sign with (RFC 8446 4.2.3: RSA, ECDSA).
 */
class PemFilesTest {

    private static final Pair RSA = pair("RSA", null, "SHA256withRSA");
    private static final Pair EC = pair("EC", "secp256r1", "SHA256withECDSA");

    @Test
    void aKeyBelongsToItsOwnCertificateOnly() {
        assertTrue(PemFiles.isKeyOf(RSA.keys().getPrivate(), RSA.certificate()));
        assertTrue(PemFiles.isKeyOf(EC.keys().getPrivate(), EC.certificate()));
        Pair otherEc = pair("EC", "secp256r1", "SHA256withECDSA");
        assertFalse(PemFiles.isKeyOf(otherEc.keys().getPrivate(), EC.certificate()), "another EC key");
        assertFalse(PemFiles.isKeyOf(EC.keys().getPrivate(), RSA.certificate()), "an EC key for an RSA certificate");
        assertFalse(PemFiles.isKeyOf(RSA.keys().getPrivate(), EC.certificate()), "an RSA key for an EC certificate");
    }

    /** BouncyCastle, registered once an OPC UA machine is secured, names EC keys "ECDSA": the check must not care. */
    @Test
    void anEcKeyIsCheckedAlsoOnceBouncyCastleIsRegistered() throws Exception {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastleProvider.PROVIDER_NAME);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Pair bc = pair(generator.generateKeyPair(), "SHA256withECDSA");
        assertTrue(PemFiles.isKeyOf(bc.keys().getPrivate(), bc.certificate()));
        assertFalse(PemFiles.isKeyOf(EC.keys().getPrivate(), bc.certificate()));
    }

    private record Pair(KeyPair keys, X509Certificate certificate) {
    }

    private static Pair pair(String algorithm, String curve, String signature) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve == null) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return pair(generator.generateKeyPair(), signature);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test key pair", e);
        }
    }

    private static Pair pair(KeyPair keys, String signature) {
        try {
            X500Name name = new X500Name("CN=gw-test");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    keys.getPublic());
            return new Pair(keys, new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate()))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }
}
