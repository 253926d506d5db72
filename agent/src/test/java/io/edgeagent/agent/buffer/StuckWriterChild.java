package io.edgeagent.agent.buffer;

import io.edgeagent.agent.storage.H2Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * A child process for {@link OutboxStopBoundTest}: an outbox whose H2 store is left in the state the field's hang
 * showed, its writer spinning in {@code MVStore.registerVersionUsage}. H2 counts the statements that use each
 * version of its store and spins in that method, waiting for a newer version, while the current version's count is
 * below zero; a version usage given back twice (here through H2's public API, as a failure path inside H2 can)
 * leaves it there for good. Run without assertions, as the agent runs: with them, H2 throws an
 * {@code AssertionError} there instead. Prints {@code committed N} once N messages are in the file, then {@code
 * closed <ms>} once {@code close()} returned, and exits, as the JVM does after a stop.
 */
public final class StuckWriterChild {

    private static final int COMMITTED = 100;

    private StuckWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Outbox outbox = Outbox.open(dir, Clock.systemUTC());
        long last = 0;
        for (int i = 0; i < COMMITTED; i++) {
            last = append(outbox);
        }
        if (!outbox.awaitCommitted(last - 1, Duration.ofSeconds(30))) {
            throw new IllegalStateException("not committed");
        }
        System.out.println("committed " + last);
        try (Connection c = H2Files.open(dir, BufferFolder.FILE_NAME)) {
            MVStore store = ((SessionLocal) ((JdbcConnection) c).getSession()).getDatabase().getStore().getMvStore();
            MVStore.TxCounter usage = store.registerVersionUsage();
            store.deregisterVersionUsage(usage);
            store.deregisterVersionUsage(usage);
        }
        // The writer's next statement spins.
        append(outbox);
        long start = System.nanoTime();
        outbox.close();
        System.out.println("closed " + Duration.ofNanos(System.nanoTime() - start).toMillis());
        System.out.flush();
        System.exit(0);
    }

    private static long append(Outbox outbox) {
        return outbox.append(MessageClass.EVENT, "t/event", 1, false, s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
    }
}
