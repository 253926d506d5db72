package io.edgeagent.agent.buffer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the outbox lets go of, and when: the oldest telemetry beyond the rows' share of the disk budget (events
 * only once no telemetry is left), and telemetry older than {@code buffer.maxAgeHours}. Every drop is counted;
 * each kind of episode is logged once when it starts and once when it ends. Used by the writer thread only; the
 * counts are read by any.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final long MB = 1024 * 1024;
    /** How often the age limit is applied: telemetry lives hours, a second more or less is no matter. */
    private static final long AGE_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private final long rowBudget;
    private final long fileBudget;
    private final Optional<Duration> maxTelemetryAge;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AtomicLong droppedTelemetry = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private boolean overBudget;
    /** Whether this budget episode has had to drop events: said once, with the count when the episode ends. */
    private boolean droppingEvents;
    private long lastAgeCheckNanos;
    /** Whether the last age check dropped telemetry, and how much since it began to: one log line per episode. */
    private boolean expiring;
    private long expiredInEpisode;

    /**
     * @param rowBudget  what the waiting rows may take
     * @param fileBudget {@code buffer.maxDiskMb}, named in the log lines a technician reads
     */
    Retention(long rowBudget, long fileBudget, Optional<Duration> maxTelemetryAge, Clock clock, LongSupplier nanoTime) {
        this.rowBudget = rowBudget;
        this.fileBudget = fileBudget;
        this.maxTelemetryAge = maxTelemetryAge;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.lastAgeCheckNanos = nanoTime.getAsLong() - AGE_CHECK_NANOS;
    }

    long droppedTelemetry() {
        return droppedTelemetry.get();
    }

    long droppedEvents() {
        return droppedEvents.get();
    }

    /** Counts messages lost outside the file (a full disk), beside those the policy dropped from it. */
    void countLost(MessageClass cls, long messages) {
        (cls == MessageClass.EVENT ? droppedEvents : droppedTelemetry).addAndGet(messages);
    }

    /**
     * Keeps the stored rows within their share of the budget: drops the oldest telemetry down to 90 % of it, and
     * events only when no telemetry is left. One warning when an episode starts, one line with the count when it
     * ends, which is when the backlog has drained to half the rows' share (the broker is back), not each time a
     * drop brings it under: during an outage it stays at the limit, and a line per commit said nothing new.
     *
     * @return the bytes the dropped rows took
     */
    long enforceBudget(Connection c, long storedBytes) throws SQLException {
        if (storedBytes <= rowBudget) {
            if (overBudget && storedBytes < rowBudget / 2) {
                overBudget = false;
                droppingEvents = false;
                LOG.info("buffer backlog down to {} MB, the budget episode is over; dropped so far: {} telemetry, {} events",
                        storedBytes / MB, droppedTelemetry.get(), droppedEvents.get());
            }
            return 0;
        }
        if (!overBudget) {
            overBudget = true;
            LOG.warn("buffer rows reached {} MB, their share of buffer.maxDiskMb {} (broker unreachable?): dropping the"
                    + " oldest telemetry from now on", storedBytes / MB, fileBudget / MB);
        }
        long target = rowBudget / 10 * 9;
        OutboxWrites.Dropped telemetry = OutboxWrites.dropOldest(c, MessageClass.TELEMETRY,
                (created, freed) -> storedBytes - freed > target);
        droppedTelemetry.addAndGet(telemetry.rows());
        long left = storedBytes - telemetry.bytes();
        if (left <= target) {
            return telemetry.bytes();
        }
        OutboxWrites.Dropped events = OutboxWrites.dropOldest(c, MessageClass.EVENT, (created, freed) -> left - freed > target);
        droppedEvents.addAndGet(events.rows());
        if (events.rows() > 0 && !droppingEvents) {
            droppingEvents = true;
            LOG.error("buffer budget of {} MB holds no more telemetry: dropping the oldest events from now on, counted",
                    fileBudget / MB);
        }
        return telemetry.bytes() + events.bytes();
    }

    /**
     * Drops telemetry accepted longer ago than {@code buffer.maxAgeHours}, oldest first; events never. One
     * warning when an episode starts, one line with the count when no old telemetry is left. Once a second.
     *
     * @return the bytes the dropped rows took
     */
    long expireIfDue(Connection c) throws SQLException {
        if (maxTelemetryAge.isEmpty()) {
            return 0;
        }
        long time = nanoTime.getAsLong();
        if (time - lastAgeCheckNanos < AGE_CHECK_NANOS) {
            return 0;
        }
        lastAgeCheckNanos = time;
        Duration maxAge = maxTelemetryAge.get();
        Instant cutoff = clock.instant().minus(maxAge);
        OutboxWrites.Dropped dropped = OutboxWrites.dropOldest(c, MessageClass.TELEMETRY,
                (created, freed) -> created.isBefore(cutoff));
        droppedTelemetry.addAndGet(dropped.rows());
        if (dropped.rows() > 0) {
            if (!expiring) {
                expiring = true;
                LOG.warn("buffer holds telemetry older than {} h (buffer.maxAgeHours), broker unreachable that long?"
                        + " dropping it, oldest first; events are kept", maxAge.toHours());
            }
            expiredInEpisode += dropped.rows();
        } else if (expiring) {
            expiring = false;
            LOG.info("buffer holds no telemetry older than {} h any more; dropped {} telemetry messages for their age",
                    maxAge.toHours(), expiredInEpisode);
            expiredInEpisode = 0;
        }
        return dropped.bytes();
    }
}
