package io.edgeagent.drivers.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * The server certificates the client trusts and the ones it refused, as files under a PKI directory, in the
 * layout OPC UA tools use:
 * <pre>
 * own/cert.der, own/key.pem     the agent's own certificate ({@link ClientCertificate})
 * trusted/certs/                server certificates (or CA certificates) trusted; PEM or DER, any file name
 * trusted/crl/                  revocation lists of trusted CAs
 * issuers/certs/, issuers/crl/  CAs used to build a chain, not trusted by themselves
 * rejected/                     server certificates refused, as {@code <THUMBPRINT>.der}
 * first-use/                    per machine, the thumbprint trusted on first use (only with that opt-in)
 * </pre>
 * Nothing is cached: a driver reads the directories at each connect attempt, so a certificate trusted with
 * {@link #trust} (or copied into {@code trusted/certs/} by hand) counts at the next attempt, without a restart.
 * That is also why this class works from another process, such as {@code edge-agent opcua trust}, while the agent
 * runs. Files are written under a temporary name and renamed, so readers never see half a certificate.
 * (Milo's {@code FileBasedTrustListManager} and {@code FileBasedCertificateQuarantine} would need a watcher thread
 * per driver and name rejected files by a hash of the signature, which is not the thumbprint engineers see.)
 */
public final class TrustList {

    static final String TRUSTED = "trusted";
    static final String ISSUERS = "issuers";
    static final String REJECTED = "rejected";
    static final String FIRST_USE = "first-use";
    static final String CERTS = "certs";
    static final String CRL = "crl";

    /** A server that makes a new certificate at every start must not fill the disk. */
    static final int MAX_REJECTED = 100;
    static final int MIN_PREFIX = 8;
    private static final Pattern HEX = Pattern.compile("[0-9A-F]{" + MIN_PREFIX + ",40}");

    private final Path pkiDir;

    public TrustList(Path pkiDir) {
        this.pkiDir = Objects.requireNonNull(pkiDir, "pkiDir").toAbsolutePath();
    }

    public Path pkiDir() {
        return pkiDir;
    }

    /** Where trusted server certificates go: {@code <pkiDir>/trusted/certs}. */
    public Path trustedDir() {
        return pkiDir.resolve(TRUSTED).resolve(CERTS);
    }

    /** Where CA certificates that complete a server's chain go: {@code <pkiDir>/issuers/certs}. */
    public Path issuersDir() {
        return pkiDir.resolve(ISSUERS).resolve(CERTS);
    }

    /** Where refused server certificates land: {@code <pkiDir>/rejected}. */
    public Path rejectedDir() {
        return pkiDir.resolve(REJECTED);
    }

    /** Creates the directory layout; harmless when it exists. */
    public void createDirectories() throws IOException {
        for (Path dir : List.of(trustedDir(), trustedCrlDir(), issuersDir(), issuerCrlDir(), rejectedDir())) {
            Files.createDirectories(dir);
        }
    }

    /** Certificates servers presented that were not trusted, oldest first; empty when none. */
    public List<CertificateInfo> rejected() throws IOException {
        return list(rejectedDir());
    }

    /** Trusted server and CA certificates, oldest first. */
    public List<CertificateInfo> trusted() throws IOException {
        return list(trustedDir());
    }

    /** The agent's own certificate, the one servers must trust; empty before the first secured connect. */
    public Optional<CertificateInfo> own() throws IOException {
        Path file = pkiDir.resolve(ClientCertificate.OWN).resolve(ClientCertificate.CERT_FILE);
        return Files.isRegularFile(file) ? info(file) : Optional.empty();
    }

    /**
     * Moves a rejected certificate to the trusted ones. Idempotent: for a certificate trusted already, returns it.
     *
     * @param thumbprint the SHA-1 thumbprint as the driver's error or {@link #rejected()} show it, or its first
     *                   {@value #MIN_PREFIX} or more hex digits when they name one certificate; case, spaces and
     *                   {@code :} separators do not matter
     * @return the certificate as now trusted
     * @throws IllegalArgumentException when the text is no thumbprint, names no rejected or trusted certificate,
     *                                  or more than one
     */
    public CertificateInfo trust(String thumbprint) throws IOException {
        String prefix = CertificateInfo.normalize(Objects.requireNonNull(thumbprint, "thumbprint"));
        if (!HEX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("'" + thumbprint + "' is not a certificate thumbprint: give at least "
                    + MIN_PREFIX + " of its 40 hex digits (0-9, A-F), as the list of rejected certificates shows");
        }
        List<CertificateInfo> rejected = rejected();
        Map<String, List<CertificateInfo>> candidates = byThumbprint(rejected, prefix);
        if (candidates.isEmpty()) {
            Map<String, List<CertificateInfo>> trusted = byThumbprint(trusted(), prefix);
            if (trusted.size() == 1) {
                return trusted.values().iterator().next().get(0);
            }
            throw new IllegalArgumentException("no rejected certificate has a thumbprint starting with " + prefix
                    + " (in " + rejectedDir() + "); rejected now: " + (rejected.isEmpty() ? "none" : describe(rejected))
                    + (trusted.isEmpty() ? "" : "; it matches " + trusted.size() + " trusted certificates"));
        }
        if (candidates.size() > 1) {
            throw new IllegalArgumentException("thumbprint " + prefix + " matches " + candidates.size()
                    + " rejected certificates: " + describe(candidates.values().stream().map(l -> l.get(0)).toList())
                    + "; give more digits");
        }
        List<CertificateInfo> copies = candidates.values().iterator().next();
        Path target = trustedDir().resolve(copies.get(0).thumbprint() + ".der");
        writeAtomically(target, Files.readAllBytes(copies.get(0).file()));
        for (CertificateInfo copy : copies) {
            Files.deleteIfExists(copy.file());
        }
        return info(target).orElseThrow(() -> new IOException(target + " was written but cannot be read back"));
    }

    /** What a validation needs, read fresh from the directories; unreadable files are skipped, as Milo does. */
    Snapshot snapshot() throws IOException {
        return new Snapshot(certificates(trustedDir()), crls(trustedCrlDir()), certificates(issuersDir()),
                crls(issuerCrlDir()));
    }

    /** Keeps a refused certificate for an engineer to inspect and trust; the oldest go beyond {@link #MAX_REJECTED}. */
    void reject(X509Certificate certificate) throws IOException {
        Path target = rejectedDir().resolve(CertificateInfo.thumbprint(certificate) + ".der");
        if (Files.exists(target)) {
            return;
        }
        writeAtomically(target, encoded(certificate));
        List<Path> files = files(rejectedDir());
        for (Path old : files.subList(0, Math.max(0, files.size() - MAX_REJECTED))) {
            Files.deleteIfExists(old);
        }
    }

    void addTrusted(X509Certificate certificate) throws IOException {
        writeAtomically(trustedDir().resolve(CertificateInfo.thumbprint(certificate) + ".der"), encoded(certificate));
    }

    /** The thumbprint this machine trusted on first use, if it ever did. */
    Optional<String> firstUse(String machineId) throws IOException {
        try {
            return Optional.of(Files.readString(firstUseFile(machineId), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException never) {
            return Optional.empty();
        }
    }

    void recordFirstUse(String machineId, X509Certificate certificate) throws IOException {
        writeAtomically(firstUseFile(machineId),
                (CertificateInfo.thumbprint(certificate) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    Path trustedCrlDir() {
        return pkiDir.resolve(TRUSTED).resolve(CRL);
    }

    Path issuerCrlDir() {
        return pkiDir.resolve(ISSUERS).resolve(CRL);
    }

    /**
     * The trust list as one validation sees it.
     *
     * @param trusted    certificates in {@code trusted/certs}
     * @param trustedCrls revocation lists in {@code trusted/crl}
     * @param issuers    certificates in {@code issuers/certs}
     * @param issuerCrls revocation lists in {@code issuers/crl}
     */
    record Snapshot(List<X509Certificate> trusted, List<X509CRL> trustedCrls, List<X509Certificate> issuers,
                    List<X509CRL> issuerCrls) {

        Snapshot {
            trusted = List.copyOf(trusted);
            trustedCrls = List.copyOf(trustedCrls);
            issuers = List.copyOf(issuers);
            issuerCrls = List.copyOf(issuerCrls);
        }

        /** A CA in either list may anchor a chain that does not contain a trusted certificate itself. */
        boolean hasCa() {
            return Stream.concat(trusted.stream(), issuers.stream()).anyMatch(c -> c.getBasicConstraints() >= 0);
        }
    }

    /** Machine ids become file names: letters, digits, '.', '_' and '-' stay, anything else is %-escaped. */
    private Path firstUseFile(String machineId) {
        StringBuilder name = new StringBuilder();
        for (byte b : machineId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (c == '.' && name.length() > 0)) {
                name.append(c);
            } else {
                name.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return pkiDir.resolve(FIRST_USE).resolve(name.toString());
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(staging, content);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static Map<String, List<CertificateInfo>> byThumbprint(List<CertificateInfo> certificates,
                                                                   String prefix) {
        return certificates.stream()
                .filter(c -> c.thumbprint().startsWith(prefix))
                .collect(Collectors.groupingBy(CertificateInfo::thumbprint, LinkedHashMap::new, Collectors.toList()));
    }

    private static String describe(List<CertificateInfo> certificates) {
        return certificates.stream().map(c -> c.thumbprint() + " (" + c.subject() + ")")
                .collect(Collectors.joining(", "));
    }

    private static List<CertificateInfo> list(Path dir) throws IOException {
        List<CertificateInfo> certificates = new ArrayList<>();
        for (Path file : files(dir)) {
            info(file).ifPresent(certificates::add);
        }
        return List.copyOf(certificates);
    }

    private static List<X509Certificate> certificates(Path dir) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files(dir)) {
            try (InputStream in = Files.newInputStream(file)) {
                certificates.addAll(CertificateUtil.decodeCertificates(in));
            } catch (UaException | NoSuchFileException skipped) {
                // Not a certificate, or moved away since the listing.
            }
        }
        return certificates;
    }

    private static List<X509CRL> crls(Path dir) throws IOException {
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : files(dir)) {
            try (InputStream in = Files.newInputStream(file)) {
                CertificateFactory.getInstance("X.509").generateCRLs(in).stream()
                        .map(X509CRL.class::cast)
                        .forEach(crls::add);
            } catch (CertificateException | CRLException | NoSuchFileException skipped) {
                // Not a revocation list, or moved away since the listing.
            }
        }
        return crls;
    }

    /** The first certificate of a file; empty for a file that is not a certificate or has just gone. */
    private static Optional<CertificateInfo> info(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(CertificateInfo.of(CertificateUtil.decodeCertificate(in), file));
        } catch (UaException | NoSuchFileException notACertificate) {
            return Optional.empty();
        }
    }

    /** Regular files, oldest first, without the temporary ones of a write in progress. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(TrustList::modified).thenComparing(Path::toString))
                    .toList();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException gone) {
            return Long.MAX_VALUE;
        }
    }

    private static byte[] encoded(X509Certificate certificate) throws IOException {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }
}
