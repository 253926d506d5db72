package io.edgeagent.agent.buffer;

import io.edgeagent.agent.storage.H2Files;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A stopped agent's outbox, opened read-only: nothing in the file is written, and no file is created (no
 * database where there is none, no trace file beside it). While it is open the file is locked for reading, so an
 * agent starting meanwhile fails to open its buffer and is restarted by systemd: hold it briefly.
 */
public final class OutboxFile implements BufferReader, AutoCloseable {

    /** The file is locked by another process: the agent runs. */
    private static final int FILE_IN_USE = 90020;

    private final BufferFolder folder;
    private final Connection connection;

    private OutboxFile(BufferFolder folder, Connection connection) {
        this.folder = folder;
        this.connection = connection;
    }

    /**
     * @throws BufferUnavailableException when there is no buffer file, it is in use, damaged or not readable;
     *                                    the message says which, for a person
     */
    public static OutboxFile open(BufferFolder folder) {
        Path file = folder.file();
        if (!Files.exists(file)) {
            throw new BufferUnavailableException("no buffer file at " + file + ": the agent has not run with this"
                    + " data dir, or the config names another", null);
        }
        if (!Files.isReadable(file)) {
            throw new BufferUnavailableException("cannot read the buffer file " + file + ": permission denied. Run as"
                    + " the agent's user or root (sudo edge-agent ...)", null);
        }
        // ACCESS_MODE_DATA=r opens the store read-only; IFEXISTS keeps H2 from creating a database where the file
        // vanished meanwhile; TRACE_LEVEL_FILE=0 keeps it from writing outbox.trace.db next to the file.
        String url = "jdbc:h2:file:" + folder.dir().toAbsolutePath().resolve(BufferFolder.FILE_NAME)
                + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
        try {
            Connection c = DriverManager.getConnection(url, "edge", "");
            c.setAutoCommit(false);
            return new OutboxFile(folder, c);
        } catch (SQLException e) {
            throw new BufferUnavailableException(why(file, e), e);
        }
    }

    private static String why(Path file, SQLException e) {
        if (e.getErrorCode() == FILE_IN_USE) {
            return "the buffer file " + file + " is in use: the agent is running (starting or stopping?) but did not"
                    + " answer on its control socket; try again in a moment";
        }
        if (H2Files.isDamaged(e, file)) {
            return "the buffer file " + file + " is unreadable (" + H2Files.firstLine(e.getMessage()) + "): the agent"
                    + " moves it aside and starts a fresh one at its next start";
        }
        return "cannot open the buffer file " + file + ": " + H2Files.firstLine(e.getMessage());
    }

    @Override
    public BufferStats bufferStats() {
        try {
            List<ClassStats> classes = new ArrayList<>();
            for (MessageClass cls : MessageClass.values()) {
                classes.add(OutboxQueries.classStats(connection, cls));
            }
            return new BufferStats(folder.file(), folder.fileBytes(), OutboxQueries.storedBytes(connection),
                    OutboxQueries.lastSeq(connection), classes, folder.quarantined());
        } catch (SQLException e) {
            throw failed(e);
        } catch (IOException e) {
            throw new BufferUnavailableException("cannot read the buffer folder " + folder.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<OutgoingMessage> read(MessageClass cls, long afterSeq, int limit) {
        try {
            return OutboxQueries.page(connection, cls, afterSeq, Long.MAX_VALUE, limit);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private BufferUnavailableException failed(SQLException e) {
        return new BufferUnavailableException("cannot read the buffer file " + folder.file() + ": "
                + H2Files.firstLine(e.getMessage()), e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // A read-only connection holds nothing that could be lost.
        }
    }
}
