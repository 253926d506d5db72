package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.net.PemFiles;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Period;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The client's application instance certificate and key pair, kept in {@code <pkiDir>/own/}: {@code cert.der}
 * (the certificate to hand to a server's administrator) and {@code key.pem} (PKCS#8; the file and its directory
 * are readable by the owner only). Created on first use and reused afterwards, so a server that trusted the agent
 * once keeps trusting it.
 *
 * @param keyPair     the RSA 2048 key pair
 * @param certificate the self-signed certificate; its SAN URI is the client's application URI, its DNS and IP
 *                    SANs the names and addresses the host had when it was created
 */
public record ClientCertificate(KeyPair keyPair, X509Certificate certificate) {

    static final String OWN = "own";
    static final String CERT_FILE = "cert.der";
    static final String KEY_FILE = "key.pem";

    private static final int KEY_BITS = 2048;
    private static final Period VALIDITY = Period.ofYears(5);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    public ClientCertificate {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * Loads the certificate under {@code <pkiDir>/own/}, or creates it there when there is none. Safe when several
     * drivers (or processes) start at once on the same directory: the first to finish wins and the others load
     * its result.
     *
     * @param applicationName the last part of the application URI {@code urn:<host>:edge-agent:<name>}; used only
     *                        when the certificate is created
     * @throws IOException when the directory cannot be written, or holds a broken or half certificate
     */
    public static ClientCertificate loadOrCreate(Path pkiDir, String applicationName) throws IOException {
        Path own = pkiDir.resolve(OWN);
        if (Files.exists(own.resolve(CERT_FILE)) || Files.exists(own.resolve(KEY_FILE))) {
            return load(own);
        }
        Files.createDirectories(pkiDir);
        Path staging = pkiDir.resolve("." + OWN + "-" + UUID.randomUUID());
        try {
            createOwnerOnly(staging, true);
            ClientCertificate created = generate(applicationName);
            created.write(staging);
            // A directory rename is atomic and fails onto a non-empty directory: one racer wins.
            Files.move(staging, own, StandardCopyOption.ATOMIC_MOVE);
            return created;
        } catch (IOException e) {
            if (Files.exists(own.resolve(CERT_FILE))) {
                return load(own);
            }
            throw e;
        } finally {
            deleteTree(staging);
        }
    }

    /** {@code urn:<host>:edge-agent:<name>}: the form OPC UA servers show their administrators. */
    public static String applicationUri(String host, String applicationName) {
        return "urn:" + host + ":edge-agent:" + applicationName;
    }

    /** The application URI in the certificate, which the client must also announce in its sessions. */
    public String applicationUri() {
        return CertificateUtil.getSanUri(certificate).orElseThrow(() ->
                new IllegalStateException("client certificate has no application URI in its subject alt names"));
    }

    public String thumbprint() {
        return CertificateInfo.thumbprint(certificate);
    }

    private static ClientCertificate generate(String applicationName) throws IOException {
        Set<String> hostNames = hostNames();
        String host = hostNames.iterator().next();
        try {
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(KEY_BITS);
            SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("edge-agent " + applicationName + "@" + host)
                    .setOrganization("edge-agent")
                    .setApplicationUri(applicationUri(host, applicationName))
                    .setValidityPeriod(VALIDITY);
            hostNames.forEach(builder::addDnsName);
            ipAddresses().forEach(builder::addIpAddress);
            return new ClientCertificate(keyPair, builder.build());
        } catch (Exception e) {
            throw new IOException("cannot create the client certificate: " + e.getMessage(), e);
        }
    }

    private static ClientCertificate load(Path own) throws IOException {
        Path certFile = own.resolve(CERT_FILE);
        Path keyFile = own.resolve(KEY_FILE);
        for (Path required : List.of(certFile, keyFile)) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("client certificate incomplete: " + required + " is missing; delete " + own
                        + " to create a new certificate (servers must then trust the new one)");
            }
        }
        X509Certificate certificate = PemFiles.certificates(certFile).get(0);
        PrivateKey key = PemFiles.privateKey(keyFile);
        requireRsaPair(certificate, key, certFile, keyFile);
        return new ClientCertificate(new KeyPair(certificate.getPublicKey(), key), certificate);
    }

    /**
     * Checks that the key is the RSA private key of the certificate, for the client's own certificate and a user's:
     * every security policy Milo offers (Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss) signs with
     * RSA, and a mismatch would otherwise only show as a failed handshake. Whether the key is the certificate's is
     * {@link PemFiles#isKeyOf}, the same check as the MQTT uplink's TLS.
     */
    static void requireRsaPair(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile)
            throws IOException {
        PublicKey publicKey = certificate.getPublicKey();
        if (!(publicKey instanceof RSAPublicKey) || !(key instanceof RSAPrivateKey)) {
            throw new IOException(certificateFile + " and " + keyFile + " must hold an RSA certificate and key, not "
                    + publicKey.getAlgorithm() + " and " + key.getAlgorithm() + ": the OPC UA security policies sign"
                    + " with RSA");
        }
        if (!PemFiles.isKeyOf(key, certificate)) {
            throw new IOException(keyFile + " is not the private key of the certificate in " + certificateFile);
        }
    }

    private void write(Path dir) throws IOException {
        PemFiles.writePrivateKey(createOwnerOnly(dir.resolve(KEY_FILE), false), keyPair.getPrivate());
        try {
            Files.write(createOwnerOnly(dir.resolve(CERT_FILE), false), certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the client certificate: " + e.getMessage(), e);
        }
    }

    /** The host's name first (it goes into the application URI), then its canonical name; never empty. */
    private static Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName().toLowerCase(Locale.ROOT));
            names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // Common on small devices whose own name is not in /etc/hosts; the JDK still reports the name.
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            if (colon > 0) {
                names.add(message.substring(0, colon).strip().toLowerCase(Locale.ROOT));
            }
        }
        // The canonical name is an address when reverse lookup fails; addresses go into the IP SANs instead.
        names.removeIf(n -> n.isBlank() || n.contains(":") || n.matches("[0-9.]+"));
        names.add("localhost");
        return names;
    }

    /** The addresses servers may see the agent at: every non-loopback, non-link-local address of an up interface. */
    private static Set<String> ipAddresses() throws SocketException {
        Set<String> addresses = new TreeSet<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            nic.inetAddresses()
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(a -> a instanceof Inet6Address ? a.getHostAddress().replaceFirst("%.*", "")
                            : a.getHostAddress())
                    .forEach(addresses::add);
        }
        return addresses;
    }

    /** Created with owner-only permissions from the start, so the key is never readable by others, not even briefly. */
    private static Path createOwnerOnly(Path path, boolean directory) throws IOException {
        boolean posix = Files.getFileStore(path.getParent()).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        directory ? OWNER_ONLY_DIR : OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        Path created = directory ? Files.createDirectory(path, attributes) : Files.createFile(path, attributes);
        if (posix) {
            // The umask may have taken bits away from the requested mode; it can add none, but set it exactly.
            Files.setPosixFilePermissions(created, directory ? OWNER_ONLY_DIR : OWNER_ONLY_FILE);
        }
        return created;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
