package io.edgeagent.drivers.opcua;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * How the channel to a server is secured, where the client keeps its certificate and trust list, and whether the
 * first server certificate seen may be trusted without an engineer.
 *
 * @param policy          an OPC UA security policy by its short name: {@code None}, {@code Basic256Sha256},
 *                        {@code Aes128_Sha256_RsaOaep} or {@code Aes256_Sha256_RsaPss}
 * @param mode            {@code None} (only with policy None), {@code Sign} or {@code SignAndEncrypt}
 * @param pkiDir          the client's PKI directory ({@code own/}, {@code trusted/}, {@code rejected/}, see
 *                        {@link TrustList}); several drivers and the CLI may share it; {@code null} with policy None
 * @param applicationName the last part of the client's application URI
 *                        {@code urn:<host>:edge-agent:<applicationName>}, usually the agent id; {@code null} with
 *                        policy None
 * @param trustOnFirstUse trust the first server certificate this machine presents without asking (logged as a
 *                        warning), and only that one: a different certificate later is rejected like any unknown
 *                        one. Off unless the configuration turns it on for the machine
 */
public record OpcUaSecurity(String policy, String mode, Path pkiDir, String applicationName,
                            boolean trustOnFirstUse) {

    public static final String NONE = "None";
    /**
     * The RSA policies OPC UA 1.04+ recommends. Basic128Rsa15 and Basic256 (SHA-1) are deprecated by the
     * specification and refused here, so that a weak channel is never set up by accident.
     */
    public static final List<String> POLICIES =
            List.of(NONE, "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss");
    public static final List<String> MODES = List.of(NONE, "Sign", "SignAndEncrypt");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Declared after the constants its constructor checks against. */
    public static final OpcUaSecurity INSECURE = new OpcUaSecurity(NONE, NONE, null, null, false);

    public OpcUaSecurity {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("security policy '" + policy + "' is not supported: use one of "
                    + POLICIES + (policy.equals("Basic128Rsa15") || policy.equals("Basic256")
                    ? " (" + policy + " is deprecated by OPC UA because of SHA-1)" : ""));
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("security mode '" + mode + "' is not supported: use one of " + MODES);
        }
        if (NONE.equals(policy) != NONE.equals(mode)) {
            throw new IllegalArgumentException("security policy " + policy + " with mode " + mode
                    + ": policy None goes only with mode None, and a secured policy needs Sign or SignAndEncrypt");
        }
        if (NONE.equals(policy)) {
            if (trustOnFirstUse) {
                throw new IllegalArgumentException("trustOnFirstUse needs a secured policy: with None no server"
                        + " certificate is checked");
            }
        } else {
            Objects.requireNonNull(pkiDir, "pkiDir (a secured policy needs the client's certificate)");
            Objects.requireNonNull(applicationName, "applicationName");
            if (!NAME.matcher(applicationName).matches()) {
                throw new IllegalArgumentException("application name must be 1-64 letters, digits, '.', '_' or '-',"
                        + " was '" + applicationName + "'");
            }
        }
    }

    /**
     * A signed or signed and encrypted channel that trusts only the server certificates in
     * {@code <pkiDir>/trusted/}; the client's own certificate is created under {@code <pkiDir>/own/} on first use.
     */
    public static OpcUaSecurity secured(String policy, String mode, Path pkiDir, String applicationName) {
        return new OpcUaSecurity(policy, mode, pkiDir, applicationName, false);
    }

    public OpcUaSecurity withTrustOnFirstUse(boolean enabled) {
        return new OpcUaSecurity(policy, mode, pkiDir, applicationName, enabled);
    }

    public boolean isSecured() {
        return !NONE.equals(policy);
    }

    SecurityPolicy securityPolicy() {
        return SecurityPolicy.valueOf(policy);
    }

    MessageSecurityMode securityMode() {
        return MessageSecurityMode.valueOf(mode);
    }

    /** As engineers and the config write it, e.g. {@code Basic256Sha256/SignAndEncrypt}. */
    String label() {
        return policy + "/" + mode;
    }
}
