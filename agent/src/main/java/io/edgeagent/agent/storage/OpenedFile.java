package io.edgeagent.agent.storage;

import java.sql.Connection;
import java.util.Objects;
import java.util.Optional;

/**
 * An H2 file open and checked.
 *
 * @param connection the connection, autocommit off, owned by the caller
 * @param state      what the owner's check read or created
 * @param movedAside the damaged file moved aside to open a fresh one, if that happened
 * @param <T>        what the owner's check returns
 */
public record OpenedFile<T>(Connection connection, T state, Optional<MovedAside> movedAside) {

    public OpenedFile {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(movedAside, "movedAside");
    }
}
