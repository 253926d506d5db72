package io.edgeagent.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password or similar value from the config. It prints as {@code ***} everywhere (records holding it,
 * logs, problems); only {@link #reveal()} gives the value, to the code that hands it to a client library.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The value itself: pass it to the protocol client, never to a log or a message. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "***";
    }

    // Constant time, so that comparing an old and a new config on reload leaks nothing through timing.
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
    }

    // Constant on purpose: a hash of the value would be a fingerprint of the password in every hash table.
    @Override
    public int hashCode() {
        return 0;
    }
}
