package io.edgeagent.agent.tls;

import io.edgeagent.agent.config.TlsConfig;
import io.edgeagent.drivers.net.PemFileException;
import io.edgeagent.drivers.net.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for the broker connection from the PEM files of {@code broker.tls}: TLS 1.2 and 1.3 only, the CAs of
 * {@code caFile} (else the JVM's), the client certificate of {@code certFile} and {@code keyFile} if set.
 * The files are read once, here, so a broken file stops the start instead of every connect.
 */
public final class PemTls {

    private static final Logger LOG = LoggerFactory.getLogger(PemTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Guards nothing: the key stores below never leave memory, but Java's key stores insist on one. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    private static final String RECEIVED_ALERT = "Received fatal alert: ";

    private final SSLSocketFactory socketFactory;
    private final Path certFile;
    private final X509Certificate clientCertificate;
    private final Clock clock;

    private PemTls(SSLSocketFactory socketFactory, Path certFile, X509Certificate clientCertificate, Clock clock) {
        this.socketFactory = socketFactory;
        this.certFile = certFile;
        this.clientCertificate = clientCertificate;
        this.clock = clock;
    }

    /**
     * Reads the files of {@code config}; {@code null} means the JVM's trusted CAs and no client certificate.
     *
     * @throws TlsUnavailableException naming the setting and file when one cannot be used
     */
    public static PemTls load(TlsConfig config) {
        Clock clock = Clock.systemUTC();
        Path caFile = config == null ? null : config.caFile();
        Path certFile = config == null ? null : config.certFile();
        List<X509Certificate> cas = null;
        if (caFile != null) {
            cas = certificates("broker.tls.caFile", caFile);
            warnIfOutdated("broker.tls.caFile", caFile, cas, clock.instant());
        }
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        if (certFile != null) {
            chain = certificates("broker.tls.certFile", certFile);
            key = privateKey("broker.tls.keyFile", config.keyFile());
            requireKeyOf(chain.get(0), key, certFile, config.keyFile());
            warnIfOutdated("broker.tls.certFile", certFile, chain, clock.instant());
        }
        String trustedBy = caFile == null ? "the JVM's trusted CAs (broker.tls.caFile is not set)"
                : "broker.tls.caFile " + caFile;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(chain == null ? null : keyManagers(chain, key),
                    new TrustManager[] {new ServerCertificateCheck(jdkTrust(cas), trustedBy, clock)}, null);
            return new PemTls(new TlsVersionsSocketFactory(context.getSocketFactory(), PROTOCOLS), certFile,
                    chain == null ? null : chain.get(0), clock);
        } catch (GeneralSecurityException e) {
            throw new TlsUnavailableException("broker.tls: this Java cannot set up TLS with these files ("
                    + e.getMessage() + ")", e);
        }
    }

    /** For ssl, mqtts and wss connections; never for plain ones (Paho refuses the mix). */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /**
     * One line for a connection that failed in TLS, naming what to change; {@code null} when the failure
     * has nothing to do with TLS.
     */
    public String explain(Throwable failure) {
        SSLException tls = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServerCertificateCheck.Rejected rejected) {
                return rejected.getMessage();
            }
            if (tls == null && t instanceof SSLException e) {
                tls = e;
            }
        }
        if (tls == null) {
            return null;
        }
        String message = String.valueOf(tls.getMessage());
        if (message.startsWith(RECEIVED_ALERT)) {
            return alert(message.substring(RECEIVED_ALERT.length()).trim());
        }
        if (message.contains("Remote host terminated the handshake")) {
            return "the broker closed the connection in the TLS handshake: if this is its plain MQTT port, use"
                    + " tcp:// or mqtt://, else check the broker's TLS settings and log";
        }
        return "TLS failed: " + message;
    }

    /** The broker ended the handshake with an alert: after our certificate, or for want of one. */
    private String alert(String alert) {
        return switch (alert) {
            case "certificate_required", "bad_certificate", "unsupported_certificate", "certificate_revoked",
                 "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied" ->
                    clientCertificate == null
                            ? "the broker requires a client certificate (TLS alert " + alert
                                    + "): set broker.tls.certFile and broker.tls.keyFile"
                            : "the broker refused the client certificate in broker.tls.certFile " + certFile + " ("
                                    + name(clientCertificate.getSubjectX500Principal()) + ", issued by "
                                    + name(clientCertificate.getIssuerX500Principal()) + "; TLS alert " + alert + "): "
                                    + refusalHint();
            case "protocol_version", "handshake_failure", "insufficient_security" ->
                    "no TLS version and cipher suite in common with the broker (TLS alert " + alert
                            + "): the agent speaks TLS 1.2 and 1.3 only";
            default -> "the broker ended the TLS handshake (TLS alert " + alert + ")";
        };
    }

    private String refusalHint() {
        Instant now = clock.instant();
        if (now.isAfter(clientCertificate.getNotAfter().toInstant())) {
            return "it expired on " + clientCertificate.getNotAfter().toInstant() + ", have a new one issued";
        }
        if (now.isBefore(clientCertificate.getNotBefore().toInstant())) {
            return "it is valid only from " + clientCertificate.getNotBefore().toInstant()
                    + " and this device's clock reads " + now + ": check the clock (NTP)";
        }
        return "the broker must trust its issuer and accept this certificate";
    }

    private static List<X509Certificate> certificates(String setting, Path file) {
        try {
            return PemFiles.certificates(file);
        } catch (PemFileException e) {
            throw unusable(setting, e);
        }
    }

    private static PrivateKey privateKey(String setting, Path file) {
        try {
            return PemFiles.privateKey(file);
        } catch (PemFileException e) {
            throw unusable(setting, e);
        }
    }

    /** Names the setting with the file, because the technician reading it has only the config and the files. */
    private static TlsUnavailableException unusable(String setting, PemFileException e) {
        return new TlsUnavailableException(setting + " " + e.file() + ": " + e.problem(), e);
    }

    private static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key)
            throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static X509ExtendedTrustManager jdkTrust(List<X509Certificate> cas) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (cas == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = emptyStore();
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            factory.init(store);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in " + factory.getProvider());
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    /**
     * A wrong key stops the start here: in the handshake it shows only as the broker's "bad certificate",
     * which sends the technician after the certificate instead of the key.
     */
    private static void requireKeyOf(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
        if (!PemFiles.isKeyOf(key, certificate)) {
            throw new TlsUnavailableException("broker.tls.keyFile " + keyFile + ": not the key of the first"
                    + " certificate in broker.tls.certFile " + certFile + " ("
                    + name(certificate.getSubjectX500Principal())
                    + "); that file must start with this gateway's own certificate", null);
        }
    }

    /**
     * Only a warning: a gateway without a battery-backed clock boots in the past, and refusing to start
     * then would fail every boot that comes before NTP. The handshake still fails, with its own reason.
     */
    private static void warnIfOutdated(String setting, Path file, List<X509Certificate> certificates, Instant now) {
        for (X509Certificate c : certificates) {
            if (now.isAfter(c.getNotAfter().toInstant())) {
                LOG.warn("{} {}: certificate {} expired on {}", setting, file, name(c.getSubjectX500Principal()),
                        c.getNotAfter().toInstant());
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                LOG.warn("{} {}: certificate {} is valid only from {} and the clock reads {}: check the clock (NTP)",
                        setting, file, name(c.getSubjectX500Principal()), c.getNotBefore().toInstant(), now);
            }
        }
    }

    private static String name(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253);
    }
}
