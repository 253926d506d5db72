package io.edgeagent.agent.buffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A child process for {@link OutboxKillTest}: appends to the outbox in {@code args[0]} in bursts, each once the
 * previous one was published, while a second thread reads what the outbox hands out, prints {@code published <seq>}
 * and acknowledges it, holding every seventh acknowledgement back for a round (a PUBACK that comes late), until it is
 * killed: the flow of a gateway whose uplink keeps up, where the writer empties a table once every row in it is
 * acknowledged. Each acknowledgement is printed as {@code acking <seq>} and flushed before the outbox is told, so a
 * row the parent never saw acknowledged was not; {@code truncations <n>} says how often the writer emptied a table.
 */
public final class KillableAcker {

    private static final int READ = 100;

    private final Outbox outbox;
    private final Object published = new Object();
    /** Every message committed up to this one was published; guarded by {@link #published}. */
    private long publishedUpTo;

    private KillableAcker(Outbox outbox) {
        this.outbox = outbox;
    }

    public static void main(String[] args) throws Exception {
        KillableAcker child = new KillableAcker(Outbox.open(Path.of(args[0]), Clock.systemUTC()));
        Thread publisher = new Thread(child::publish, "publisher");
        publisher.setDaemon(true);
        publisher.start();
        child.append();
    }

    private void append() throws InterruptedException {
        Random random = new Random();
        while (true) {
            long last = 0;
            for (int n = 1 + random.nextInt(30); n > 0; n--) {
                MessageClass cls = random.nextInt(5) == 0 ? MessageClass.EVENT : MessageClass.TELEMETRY;
                last = outbox.append(cls, "t/" + cls, 1, false, s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
            }
            synchronized (published) {
                while (publishedUpTo < last) {
                    published.wait();
                }
            }
        }
    }

    private void publish() {
        long[] cursor = new long[MessageClass.values().length];
        List<OutgoingMessage> late = new ArrayList<>();
        long truncations = 0;
        while (true) {
            List<OutgoingMessage> acking = new ArrayList<>(late);
            late.clear();
            long committed = outbox.lastCommittedSeq();
            boolean all = true;
            for (MessageClass cls : MessageClass.values()) {
                List<OutgoingMessage> rows = outbox.next(cls, cursor[cls.ordinal()], READ);
                all &= rows.size() < READ;
                for (OutgoingMessage m : rows) {
                    System.out.println("published " + m.seq());
                    cursor[cls.ordinal()] = m.seq();
                    (m.seq() % 7 == 0 ? late : acking).add(m);
                }
            }
            for (OutgoingMessage m : acking) {
                System.out.println("acking " + m.seq());
            }
            if (outbox.truncations() != truncations) {
                truncations = outbox.truncations();
                System.out.println("truncations " + truncations);
            }
            System.out.flush();
            acking.forEach(outbox::ack);
            if (all) {
                synchronized (published) {
                    publishedUpTo = committed;
                    published.notifyAll();
                }
            }
            try {
                outbox.awaitCommitted(committed, Duration.ofMillis(200));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
