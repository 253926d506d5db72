package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.net.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's user identity, as the driver builds it at each connect attempt. */
class ClientFactoryTest {

    private static final TestCertificates.Issued JANE = TestCertificates.selfSigned("Jane", "urn:tests:jane");

    @TempDir
    private Path dir;

    @Test
    void readsAnX509UserFromPemWithAPkcs1OrPkcs8Key() throws Exception {
        Path certificate = TestCertificates.writePem(dir.resolve("jane.crt"), JANE.certificate());
        Path pkcs1 = TestCertificates.writePem(dir.resolve("jane-pkcs1.key"), JANE.keyPair().getPrivate());
        Path pkcs8 = Files.createFile(dir.resolve("jane-pkcs8.key"));
        PemFiles.writePrivateKey(pkcs8, JANE.keyPair().getPrivate());

        assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertInstanceOf(X509IdentityProvider.class,
                ClientFactory.identity(new UserCertificate(certificate, pkcs1)));
        assertInstanceOf(X509IdentityProvider.class,
                ClientFactory.identity(new UserCertificate(certificate, pkcs8)));
    }

    @Test
    void saysWhichUserFileIsWrong() throws Exception {
        Path certificate = TestCertificates.writePem(dir.resolve("jane.crt"), JANE.certificate());
        Path otherKey = TestCertificates.writePem(dir.resolve("other.key"),
                TestCertificates.selfSigned("other", "urn:tests:other").keyPair().getPrivate());
        Path missing = dir.resolve("missing.key");

        IOException mismatch = assertThrows(IOException.class,
                () -> ClientFactory.identity(new UserCertificate(certificate, otherKey)));
        assertEquals("user certificate unusable: " + otherKey + " is not the private key of the certificate in "
                + certificate, mismatch.getMessage());
        IOException gone = assertThrows(IOException.class,
                () -> ClientFactory.identity(new UserCertificate(certificate, missing)));
        assertEquals("user certificate unusable: " + missing + " does not exist", gone.getMessage());
        IOException swapped = assertThrows(IOException.class,
                () -> ClientFactory.identity(new UserCertificate(otherKey, certificate)));
        assertTrue(swapped.getMessage().startsWith("user certificate unusable: " + otherKey
                + " is not a PEM or DER certificate"), swapped.getMessage());
    }

    @Test
    void aNameAndPasswordOrNobody() throws Exception {
        assertInstanceOf(UsernameProvider.class,
                ClientFactory.identity(new UserCredentials("operator", "s3cret".toCharArray())));
        assertInstanceOf(AnonymousProvider.class, ClientFactory.identity(null));
    }
}
