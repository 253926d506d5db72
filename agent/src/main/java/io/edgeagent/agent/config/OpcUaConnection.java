package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.NodeRef;
import io.edgeagent.drivers.opcua.Profile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An OPC UA server ({@code machines[i].opcua}).
 *
 * @param endpoint        {@code opc.tcp://host:port}; the port is filled in as 4840 when the file has none
 * @param securityPolicy  {@code security.policy}: None, Basic256Sha256, Aes128_Sha256_RsaOaep or
 *                        Aes256_Sha256_RsaPss; default None
 * @param securityMode    {@code security.mode}: None, Sign or SignAndEncrypt; default None with policy None,
 *                        SignAndEncrypt with any other policy
 * @param trustOnFirstUse {@code security.trustOnFirstUse}: the first server certificate this machine shows is
 *                        trusted without an engineer's {@code edge-agent opcua trust}; default false
 * @param username        {@code auth.username}, or {@code null}
 * @param password        {@code auth.password} or {@code auth.passwordFile}, or {@code null}
 * @param userCertFile    {@code auth.certFile}: a PEM certificate to log in with (X.509 user identity), or
 *                        {@code null}; never together with a user name
 * @param userKeyFile     {@code auth.keyFile}: its PEM private key, or {@code null}
 * @param profile         {@code profile}: euromap77, machinery or machinetool, whose machine object and standard
 *                        variables are found by browse name; or {@code null}
 * @param root            {@code root}: the machine object, where the signals' browse paths start, as a node id or a
 *                        browse path from the Objects folder; {@code null} to let the profile find it (or, without
 *                        a profile, to start at the Objects folder)
 */
public record OpcUaConnection(URI endpoint, String securityPolicy, String securityMode, boolean trustOnFirstUse,
        String username, Secret password, Path userCertFile, Path userKeyFile, Profile profile, NodeRef root)
        implements Connection {

    public OpcUaConnection {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(securityPolicy, "securityPolicy");
        Objects.requireNonNull(securityMode, "securityMode");
        if ((userCertFile == null) != (userKeyFile == null)) {
            throw new IllegalArgumentException("a user certificate needs its key, and a key its certificate");
        }
        if (userCertFile != null && username != null) {
            throw new IllegalArgumentException("one user identity: a user name or a certificate");
        }
    }
}
