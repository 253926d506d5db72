package io.edgeagent.drivers.opcua;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user name and password for an OPC UA session. The password is copied in and out, never printed.
 *
 * @param username the user name
 * @param password the password; {@link #password()} returns a copy the caller may wipe
 */
public record UserCredentials(String username, char[] password) implements UserIdentity {

    public UserCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
        password = password.clone();
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserCredentials that && username.equals(that.username)
                && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return 31 * username.hashCode() + Arrays.hashCode(password);
    }

    @Override
    public String toString() {
        return "UserCredentials[username=" + username + ", password=***]";
    }
}
