package io.edgeagent.agent.buffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A child process for {@link OutboxKillTest}: appends to the outbox in {@code args[0]} without end while a second
 * thread does what the uplink does (reads what the outbox hands out, "publishes" it by printing {@code published
 * <seq>} on standard output, acknowledges it), until it is killed. What it printed is what a subscriber received.
 * Now and then it takes a birth-and-death number as a connect does, printing {@code birth <n>}.
 */
public final class KillablePublisher {

    private KillablePublisher() {
    }

    public static void main(String[] args) throws Exception {
        Outbox outbox = Outbox.open(Path.of(args[0]), Clock.systemUTC());
        Thread publisher = new Thread(() -> publish(outbox), "publisher");
        publisher.setDaemon(true);
        publisher.start();
        for (long i = 0; ; i++) {
            MessageClass cls = i % 5 == 0 ? MessageClass.EVENT : MessageClass.TELEMETRY;
            outbox.append(cls, "t/" + cls, 1, false, s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
            if (i % 200 == 199) {
                // A connect: its Last Will leaves with this number the moment it is handed out.
                System.out.println("birth " + outbox.nextBirth());
            }
        }
    }

    private static void publish(Outbox outbox) {
        long[] cursor = new long[MessageClass.values().length];
        while (true) {
            for (MessageClass cls : MessageClass.values()) {
                List<OutgoingMessage> rows = outbox.next(cls, cursor[cls.ordinal()], 100);
                for (OutgoingMessage m : rows) {
                    System.out.println("published " + m.seq());
                    outbox.ack(m);
                    cursor[cls.ordinal()] = m.seq();
                }
            }
            System.out.flush();
        }
    }
}
