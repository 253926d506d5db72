package io.edgeagent.agent.config;

import java.net.URI;
import java.util.Objects;

/**
 * An OPC UA server ({@code machines[i].opcua}).
 *
 * @param endpoint       {@code opc.tcp://host:port}; the port is filled in as 4840 when the file has none
 * @param securityPolicy {@code security.policy}: None, Basic128Rsa15, Basic256, Basic256Sha256,
 *                       Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss; default None
 * @param securityMode   {@code security.mode}: None, Sign or SignAndEncrypt; default None with policy None,
 *                       SignAndEncrypt with any other policy
 * @param username       {@code auth.username}, or {@code null} for anonymous
 * @param password       {@code auth.password} or {@code auth.passwordFile}, or {@code null}
 * @param profile        euromap77, machinery or machinetool: standard nodes found by browse name; or
 *                       {@code null}
 */
public record OpcUaConnection(URI endpoint, String securityPolicy, String securityMode, String username,
        Secret password, String profile) implements Connection {

    public OpcUaConnection {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(securityPolicy, "securityPolicy");
        Objects.requireNonNull(securityMode, "securityMode");
    }
}
