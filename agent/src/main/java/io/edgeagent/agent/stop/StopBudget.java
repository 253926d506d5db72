package io.edgeagent.agent.stop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stop of the agent, bounded as a whole: the parts are closed one after the other, each on a thread of its own
 * ({@code stop-<part>}), and each is waited for at most its share and never past the stop's end. A part that is not
 * closed by then is reported in one line (the part, the machine where there is one, the threads still at work with
 * their top frames, see {@link StuckThreads}) and left behind, and the stop carries on with the next part, so that
 * the process exits within the service's stop time-out even when a part hangs. Used by the one thread that stops
 * the agent.
 */
public final class StopBudget {

    /**
     * The longest a whole stop of the agent takes: under the service's {@code TimeoutStopSec=30s}, with time left
     * for the JVM's exit. A normal stop takes about a second; the parts' own time-outs (a broker that does not
     * answer) take about 11 s per connection.
     */
    public static final Duration TOTAL = Duration.ofSeconds(25);

    private static final Logger LOG = LoggerFactory.getLogger(StopBudget.class);

    /** A part not closed within its share: what it was, the time it was given and who was still at work. */
    public record Overrun(String part, String machineId, Duration waited, String threads) {
    }

    private final String who;
    private final long endNanos;
    private final List<Overrun> overruns = new ArrayList<>();

    /** @param who what is stopping, as every line names it: {@code agent gw01}, {@code the process} */
    public StopBudget(String who, Duration total) {
        this.who = who;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    /**
     * Closes {@code part}, waiting at most {@code share} and never past the stop's end.
     *
     * @param threadPrefixes the names of the part's own threads, shown in the report when it does not close in time
     * @return whether it closed in time
     */
    public boolean close(String part, Duration share, AutoCloseable closeable, String... threadPrefixes) {
        return close(part, null, share, closeable, threadPrefixes);
    }

    /** As {@link #close(String, Duration, AutoCloseable, String...)}, for a part that serves one machine. */
    public boolean close(String part, String machineId, Duration share, AutoCloseable closeable, String... threadPrefixes) {
        String where = machineId == null ? part : part + " " + machineId;
        Thread closing = new Thread(() -> {
            try {
                closeable.close();
            } catch (Exception | LinkageError e) {
                LOG.warn("stop of {}: closing {} failed: {}", who, where, e.toString());
            }
        }, "stop-" + where.replace(' ', '-'));
        // Left behind when it hangs: a daemon, so that it never holds up the exit.
        closing.setDaemon(true);
        long waitNanos = Math.max(0, Math.min(share.toNanos(), endNanos - System.nanoTime()));
        closing.start();
        try {
            TimeUnit.NANOSECONDS.timedJoin(closing, waitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!closing.isAlive()) {
            return true;
        }
        List<Thread> stuck = new ArrayList<>();
        stuck.add(closing);
        stuck.addAll(StuckThreads.named(List.of(threadPrefixes)));
        Overrun overrun = new Overrun(part, machineId, Duration.ofNanos(waitNanos), StuckThreads.describe(stuck));
        overruns.add(overrun);
        LOG.error("stop of {}: {}{} did not close within {} ms, carrying on without it; still running: {}", who,
                part, machineId == null ? "" : " (machine " + machineId + ")", overrun.waited().toMillis(), overrun.threads());
        return false;
    }

    /** The parts that did not close in time, in the order they were closed. */
    public List<Overrun> overruns() {
        return List.copyOf(overruns);
    }
}
