package io.edgeagent.agent.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the owner of an H2 file reads to trust it as it opens (its tables, its bookkeeping), or creates in a new
 * file. Any failure while checking a file that existed counts as damage: H2 can fall back to an older or empty
 * state of a damaged file without an error, and only the owner knows what must be there.
 *
 * @param <T> what the check learnt, handed back with the open connection
 */
@FunctionalInterface
public interface FileCheck<T> {

    /**
     * @param c     the open connection, autocommit off; commit what is created
     * @param isNew whether the file was created by this open (nothing to check, everything to create)
     * @throws DamagedFileException when the file is not what a file of this kind holds; say what is wrong
     */
    T check(Connection c, boolean isNew) throws SQLException, DamagedFileException;
}
