package io.edgeagent.agent.buffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A child process for {@link OutboxKillTest}: appends to the outbox in {@code args[0]} without end and
 * reports each committed sequence on standard output, until it is killed.
 */
public final class KillableWriter {

    private KillableWriter() {
    }

    public static void main(String[] args) throws Exception {
        Outbox outbox = Outbox.open(Path.of(args[0]), Clock.systemUTC());
        for (long i = 0; ; i++) {
            MessageClass cls = i % 5 == 0 ? MessageClass.EVENT : MessageClass.TELEMETRY;
            long seq = outbox.append(cls, "t/" + cls, 1, false, s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
            if (i % 50 == 49) {
                outbox.awaitCommitted(seq - 1, Duration.ofSeconds(30));
                System.out.println("committed " + seq);
                System.out.flush();
            }
        }
    }
}
