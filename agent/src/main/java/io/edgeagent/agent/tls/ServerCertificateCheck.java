package io.edgeagent.agent.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The JDK's certificate and host name checks, unchanged, with their rejections reworded: the JDK says
 * "PKIX path building failed" whether the CA file is wrong, the certificate expired or the host name does
 * not match, and a technician needs to know which.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager jdk;
    private final String trustedBy;
    private final Clock clock;

    /**
     * @param trustedBy where the trusted CAs come from, in the words of the config, e.g.
     *                  {@code broker.tls.caFile /etc/edge-agent/pki/ca.pem}
     */
    ServerCertificateCheck(X509ExtendedTrustManager jdk, String trustedBy, Clock clock) {
        this.jdk = jdk;
        this.trustedBy = trustedBy;
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw rejected(chain, authType,
                    socket instanceof SSLSocket s ? s.getHandshakeSession() : null, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw rejected(chain, authType, engine == null ? null : engine.getHandshakeSession(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw rejected(chain, authType, null, e);
        }
    }

    // The agent is only ever the client: the client-side checks are the JDK's as they are.

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }

    private Rejected rejected(X509Certificate[] chain, String authType, SSLSession session,
                              CertificateException cause) {
        if (chain == null || chain.length == 0) {
            return new Rejected("the broker sent no server certificate", cause);
        }
        X509Certificate server = chain[0];
        String subject = name(server.getSubjectX500Principal());
        Instant now = clock.instant();
        if (now.isAfter(server.getNotAfter().toInstant())) {
            return new Rejected("server certificate (" + subject + ") expired on " + server.getNotAfter().toInstant()
                    + ": the broker needs a new one (or this device's clock is wrong: it reads " + now + ")", cause);
        }
        if (now.isBefore(server.getNotBefore().toInstant())) {
            return new Rejected("server certificate (" + subject + ") is valid only from "
                    + server.getNotBefore().toInstant() + " but this device's clock reads " + now
                    + ": check the clock (NTP)", cause);
        }
        try {
            // The same check without the host name: if the chain passes it, only the name was wrong.
            jdk.checkServerTrusted(chain, authType);
        } catch (CertificateException untrusted) {
            return new Rejected("server certificate not trusted by " + trustedBy + " (" + subject + ", issued by "
                    + name(server.getIssuerX500Principal()) + ")", cause);
        }
        String host = session == null || session.getPeerHost() == null ? "the host in the URL" : session.getPeerHost();
        return new Rejected("server certificate (" + subject + ") is for " + String.join(", ", hostNames(server))
                + ", not " + host + ": use one of those names in broker.urls, or have the broker's certificate"
                + " issued for " + host, cause);
    }

    /** The names a host name check accepts: the subject alternative names, else the subject itself. */
    private static List<String> hostNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    // Type 2 is a DNS name, type 7 an IP address (RFC 5280 GeneralName).
                    if (alternative.get(0) instanceof Integer type && (type == 2 || type == 7)) {
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension: the subject still tells the technician which certificate it is.
            names.clear();
        }
        return names.isEmpty() ? List.of(name(certificate.getSubjectX500Principal())) : names;
    }

    private static String name(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253);
    }

    /** A rejected server certificate, with the one-line reason as its message. */
    static final class Rejected extends CertificateException {

        private static final long serialVersionUID = 1L;

        Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
