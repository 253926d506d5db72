package io.edgeagent.drivers.opcua;

import java.io.IOException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One driver's side of the PKI directory: the client certificate it presents and the check of the server's.
 *
 * <p>The server certificate is checked twice: as the server advertises it in its endpoint list, before any
 * secure channel is opened (there an unknown certificate is rejected with a one-line fault instead of a failed
 * handshake, which Milo logs with a stack trace, and trust on first use happens), and by Milo for the channel
 * itself, which is what guarantees the server holds the key. Both read the trust list afresh.
 *
 * <p>The chain is checked by Milo's {@link DefaultClientCertificateValidator} (signatures, validity, usage, CRLs,
 * the application URI), on a snapshot of the directories. It is only asked when the chain can end in an anchor:
 * given no trusted self-signed certificate and no CA, Milo 1.1.2 hands the JDK an empty anchor set and fails with
 * "trustAnchors parameter must be non-empty" instead of saying the certificate is not trusted.
 */
final class ClientSecurity implements CertificateValidator {

    private static final Logger log = LoggerFactory.getLogger(ClientSecurity.class);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final String machineId;
    private final OpcUaSecurity settings;
    private final ClientCertificate certificate;
    private final TrustList trustList;

    private ClientSecurity(String machineId, OpcUaSecurity settings, ClientCertificate certificate,
                           TrustList trustList) {
        this.machineId = machineId;
        this.settings = settings;
        this.certificate = certificate;
        this.trustList = trustList;
    }

    /**
     * Loads the client certificate, creating it on first use (about a second).
     *
     * @throws IOException with a one-line message when the PKI directory cannot be created or read
     */
    static ClientSecurity open(String machineId, OpcUaSecurity settings) throws IOException {
        // Milo names the RSA-OAEP-SHA256 and RSA-PSS algorithms of the newer policies the way BouncyCastle does.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        TrustList trustList = new TrustList(settings.pkiDir());
        ClientCertificate own;
        try {
            trustList.createDirectories();
            own = ClientCertificate.loadOrCreate(trustList.pkiDir(), settings.applicationName());
        } catch (IOException e) {
            throw new IOException("client certificate or trust list in " + trustList.pkiDir() + " unusable: "
                    + e.getMessage(), e);
        }
        warnIfExpiring(machineId, own, trustList);
        return new ClientSecurity(machineId, settings, own, trustList);
    }

    OpcUaClientConfigBuilder configure(OpcUaClientConfigBuilder config) {
        return config
                .setApplicationUri(certificate.applicationUri())
                .setKeyPair(certificate.keyPair())
                .setCertificate(certificate.certificate())
                .setCertificateChain(new X509Certificate[] {certificate.certificate()})
                .setCertificateValidator(this);
    }

    /**
     * Checks the certificate a server advertises for the endpoint we are about to use; trusts it when this
     * machine opted into trust on first use and has never trusted one.
     *
     * @throws ServerCertificateRejected when it is not trusted or not valid, with the line for the driver's health
     */
    void checkAdvertised(EndpointDescription endpoint) throws UaException {
        ByteString encoded = endpoint.getServerCertificate();
        List<X509Certificate> chain = encoded == null || encoded.isNull() ? List.of()
                : CertificateUtil.decodeCertificates(encoded.bytesOrEmpty());
        validate(chain, endpoint.getServer().getApplicationUri(), settings.trustOnFirstUse());
    }

    /**
     * The connect fault, with a hint when the server refused the channel in the way servers refuse a client
     * certificate they do not trust yet; that is the usual first fault with a new machine, and it is fixed on the
     * server, not here.
     */
    String explain(Exception error, String fault) {
        if (ServerCertificateRejected.in(error).isPresent()) {
            return fault;
        }
        long status = UaException.extractStatusCode(error).map(s -> s.getValue() & 0xFFFF0000L).orElse(0L);
        if (status != StatusCodes.Bad_SecurityChecksFailed && status != StatusCodes.Bad_CertificateUntrusted) {
            return fault;
        }
        return fault + "; if the server does not trust the agent yet, add "
                + trustList.pkiDir().resolve(ClientCertificate.OWN).resolve(ClientCertificate.CERT_FILE)
                + " (thumbprint " + certificate.thumbprint() + ") to its trusted certificates";
    }

    /** Milo's check of the certificate the server presents on the secure channel and in the session. */
    @Override
    public void validateCertificateChain(List<X509Certificate> chain, String applicationUri, String[] hostNames)
            throws UaException {
        validate(chain, applicationUri, false);
    }

    private void validate(List<X509Certificate> chain, String applicationUri, boolean trustOnFirstUse)
            throws UaException {
        if (chain.isEmpty()) {
            throw new UaException(StatusCodes.Bad_CertificateInvalid, "the server sent no certificate");
        }
        X509Certificate server = chain.get(0);
        String thumbprint = CertificateInfo.thumbprint(server);
        try {
            TrustList.Snapshot trust = trustList.snapshot();
            boolean listed = trust.trusted().contains(server);
            Optional<String> firstUse = trustOnFirstUse ? trustList.firstUse(machineId) : Optional.empty();
            boolean trustNow = trustOnFirstUse && !listed && firstUse.isEmpty();
            if (trustNow) {
                List<X509Certificate> withServer = new ArrayList<>(trust.trusted());
                withServer.add(server);
                trust = new TrustList.Snapshot(withServer, trust.trustedCrls(), trust.issuers(), trust.issuerCrls());
            } else if (!listed && !trust.hasCa()) {
                throw untrusted(server, thumbprint);
            }
            try {
                new DefaultClientCertificateValidator(manager(trust), new MemoryCertificateQuarantine())
                        .validateCertificateChain(chain, applicationUri, null);
            } catch (UaException e) {
                throw rejected(e, server, thumbprint, listed || trustNow, applicationUri);
            }
            if (trustOnFirstUse && firstUse.isEmpty()) {
                remember(server, thumbprint, trustNow);
            }
        } catch (IOException e) {
            throw new ServerCertificateRejected(StatusCodes.Bad_SecurityChecksFailed,
                    "cannot check the server certificate (thumbprint " + thumbprint + "): trust list in "
                            + trustList.pkiDir() + " unreadable: " + e.getMessage());
        }
    }

    private void remember(X509Certificate server, String thumbprint, boolean trustNow) throws IOException {
        if (trustNow) {
            trustList.addTrusted(server);
            log.warn("{}: TRUSTED ON FIRST USE, without an engineer's check: server certificate {} (thumbprint {})"
                            + " is now in {}; a different certificate from this machine will be rejected", machineId,
                    CertificateInfo.name(server), thumbprint, trustList.trustedDir());
        }
        trustList.recordFirstUse(machineId, server);
    }

    /** Keeps the certificate in {@code rejected/} for an engineer; the fault says how to trust it. */
    private ServerCertificateRejected untrusted(X509Certificate server, String thumbprint) {
        String pinned = null;
        try {
            trustList.reject(server);
            pinned = settings.trustOnFirstUse() ? trustList.firstUse(machineId).orElse(null) : null;
        } catch (IOException e) {
            log.debug("{}: cannot keep the rejected certificate {} in {}: {}", machineId, thumbprint,
                    trustList.rejectedDir(), e.toString());
        }
        return new ServerCertificateRejected(StatusCodes.Bad_CertificateUntrusted,
                "server certificate not trusted (thumbprint " + thumbprint + ", " + CertificateInfo.name(server)
                        + (pinned == null || pinned.equals(thumbprint) ? ""
                        : "; the one this machine trusted on first use was " + pinned)
                        + "): run `edge-agent opcua trust " + thumbprint + "` to trust it");
    }

    private ServerCertificateRejected rejected(UaException cause, X509Certificate server, String thumbprint,
                                               boolean listed, String applicationUri) {
        long status = cause.getStatusCode().getValue() & 0xFFFF0000L;
        if (!listed && (status == StatusCodes.Bad_CertificateUntrusted
                || status == StatusCodes.Bad_SecurityChecksFailed
                || status == StatusCodes.Bad_CertificateChainIncomplete)) {
            return untrusted(server, thumbprint);
        }
        String problem;
        if (status == StatusCodes.Bad_CertificateUriInvalid) {
            problem = "its application URI " + CertificateUtil.getSanUri(server).orElse("(none)")
                    + " is not the server's " + applicationUri;
        } else if (noAnchor(cause)) {
            problem = "it is trusted, but not self-signed, and the CA that issued it ("
                    + server.getIssuerX500Principal().getName() + ") is in neither " + trustList.trustedDir()
                    + " nor " + trustList.issuersDir();
        } else {
            problem = DataValues.statusName(cause.getStatusCode());
        }
        log.debug("{}: server certificate {} rejected", machineId, thumbprint, cause);
        return new ServerCertificateRejected(status, "server certificate rejected (thumbprint "
                + thumbprint + ", " + CertificateInfo.name(server) + "): " + problem);
    }

    /** The JDK's refusal to build a path without anchors, which Milo reports as Bad_SecurityChecksFailed. */
    private static boolean noAnchor(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InvalidAlgorithmParameterException) {
                return true;
            }
        }
        return false;
    }

    private static MemoryTrustListManager manager(TrustList.Snapshot trust) {
        MemoryTrustListManager manager = new MemoryTrustListManager();
        manager.setTrustedCertificates(trust.trusted());
        manager.setTrustedCrls(trust.trustedCrls());
        manager.setIssuerCertificates(trust.issuers());
        manager.setIssuerCrls(trust.issuerCrls());
        return manager;
    }

    private static void warnIfExpiring(String machineId, ClientCertificate own, TrustList trustList) {
        Instant notAfter = own.certificate().getNotAfter().toInstant();
        if (Instant.now().plus(EXPIRY_WARNING).isAfter(notAfter)) {
            log.warn("{}: the client certificate in {} {} on {}: servers refuse expired certificates; delete that"
                            + " directory to create a new one, which the servers must then trust", machineId,
                    trustList.pkiDir().resolve(ClientCertificate.OWN),
                    Instant.now().isAfter(notAfter) ? "expired" : "expires", notAfter);
        }
    }
}
