package io.edgeagent.drivers.opcua;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An X.509 user identity: the user's certificate and its private key as files. They are read at every connect
 * attempt, so a renewed pair is picked up without a restart, and a missing or broken file shows in the driver's
 * health rather than failing the agent's start.
 *
 * @param certificateFile the user's certificate, PEM or DER; a PEM file may hold the chain, the user's first
 * @param privateKeyFile  its unencrypted private key, PEM ({@code PRIVATE KEY} or {@code RSA PRIVATE KEY});
 *                        should be readable by the agent's user only
 */
public record UserCertificate(Path certificateFile, Path privateKeyFile) implements UserIdentity {

    public UserCertificate {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    }
}
