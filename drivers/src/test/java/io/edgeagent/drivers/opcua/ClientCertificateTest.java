package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.net.PemFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateTest {

    @TempDir
    private Path pki;

    @Test
    void isCreatedOnceWithTheApplicationUriAndHostNamesAndReused() throws Exception {
        ClientCertificate created = ClientCertificate.loadOrCreate(pki, "agent-7");
        ClientCertificate reloaded = ClientCertificate.loadOrCreate(pki, "other-name-is-ignored");

        assertEquals(created.thumbprint(), reloaded.thumbprint());
        assertEquals(created.keyPair().getPrivate(), reloaded.keyPair().getPrivate());
        List<String> dnsNames = CertificateUtil.getSanDnsNames(created.certificate());
        String host = dnsNames.get(0);
        assertEquals("urn:" + host + ":edge-agent:agent-7", created.applicationUri());
        assertEquals(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT), host);
        assertTrue(dnsNames.contains("localhost"), dnsNames.toString());
        assertEquals(hostAddresses(), Set.copyOf(CertificateUtil.getSanIpAddresses(created.certificate())));
    }

    @Test
    void keepsTheKeyReadableByTheOwnerOnly() throws Exception {
        ClientCertificate.loadOrCreate(pki, "agent-7");

        Path own = pki.resolve("own");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own.resolve("key.pem"))));
        assertTrue(Files.readString(own.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.isRegularFile(own.resolve("cert.der")));
    }

    @Test
    void driversStartingTogetherAgreeOnOneCertificate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ClientCertificate>> racing = pool.invokeAll(Collections.nCopies(4,
                    () -> ClientCertificate.loadOrCreate(pki, "agent-7")));

            Set<String> thumbprints = new HashSet<>();
            for (Future<ClientCertificate> result : racing) {
                thumbprints.add(result.get().thumbprint());
            }
            assertEquals(Set.of(ClientCertificate.loadOrCreate(pki, "agent-7").thumbprint()), thumbprints);
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(pki)) {
            assertEquals(List.of("own"), files.map(f -> f.getFileName().toString()).toList(), "no staging left");
        }
    }

    @Test
    void aHalfOrMismatchedCertificateIsAClearErrorNotANewIdentity() throws Exception {
        ClientCertificate.loadOrCreate(pki, "agent-7");
        Path own = pki.resolve("own");
        Path key = own.resolve("key.pem");
        byte[] original = Files.readAllBytes(key);

        Files.delete(key);
        IOException missing = assertThrows(IOException.class, () -> ClientCertificate.loadOrCreate(pki, "agent-7"));
        assertTrue(missing.getMessage().contains(key + " is missing; delete " + own), missing.getMessage());

        PemFiles.writePrivateKey(Files.createFile(key), TestCertificates.selfSigned("x", "urn:x").keyPair()
                .getPrivate());
        IOException mismatch = assertThrows(IOException.class, () -> ClientCertificate.loadOrCreate(pki, "agent-7"));
        assertEquals(key + " is not the private key of the certificate in " + own.resolve("cert.der"),
                mismatch.getMessage());

        Files.write(key, original);
        assertFalse(ClientCertificate.loadOrCreate(pki, "agent-7").thumbprint().isEmpty());
    }

    private static Set<String> hostAddresses() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> isUp(nic) && !isLoopback(nic))
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(a -> a.getHostAddress().replaceFirst("%.*", ""))
                .collect(Collectors.toSet());
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback();
        } catch (SocketException e) {
            return true;
        }
    }
}
