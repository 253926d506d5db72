package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One machine's live idle window: open while the machine is IDLE inside offered time (the sharing
 * calendar minus maintenance minus reservations), closed by any other state, by the end of offered time
 * (which includes a reservation beginning) or by a clock step. Pure and single-threaded; the caller
 * passes the offered time around now and keeps time non-decreasing (see {@link ClockWatch}).
 *
 * <p>A window never starts before the later of the moment the machine became idle and the moment offered
 * time began, and never ends after the moment either stopped, so no window ever covers OFFLINE, DOWN,
 * MAINTENANCE, a reservation or a closed day.
 */
public final class LiveWindowTracker {

    private final String machineId;
    private MachineState state;
    private Instant idleSince;
    /** Nothing before this counts as observed idle time (start-up, the end of a clock step). */
    private Instant trustedSince;
    private LiveWindow open;
    /** The end of the last closed window: idle time before it has been published once already. */
    private Instant lastClosed;
    /** The last moment seen outside offered time. */
    private Instant notOfferedAt;

    public LiveWindowTracker(String machineId) {
        this.machineId = Objects.requireNonNull(machineId);
    }

    public Optional<LiveWindow> open() {
        return Optional.ofNullable(open);
    }

    /**
     * The machine entered {@code state} at {@code since}.
     *
     * @return the window this closed, if one was open
     */
    public Optional<LiveWindow> onState(MachineState newState, Instant since) {
        state = newState;
        if (newState == MachineState.IDLE) {
            idleSince = since;
            return Optional.empty();
        }
        idleSince = null;
        if (open == null) {
            return Optional.empty();
        }
        LiveWindow closed = open.closeAt(since, newState.name());
        open = null;
        return nonEmpty(closed);
    }

    /**
     * Brings the window up to {@code now} against the offered time around it: closes it when offered time
     * ended, opens one when the machine is idle inside offered time.
     *
     * @param offered normalised offered spans covering at least {@code now}
     * @return the windows closed on the way (at most one), in order
     */
    public List<LiveWindow> advance(Instant now, List<TimeSpan> offered) {
        if (trustedSince == null) {
            trustedSince = now;
        }
        Optional<LiveWindow> closed = Optional.empty();
        Optional<TimeSpan> span = TimeSpans.containing(offered, now);
        if (open != null) {
            Optional<TimeSpan> openSpan = TimeSpans.containing(offered, open.start());
            if (openSpan.isEmpty() || !openSpan.get().contains(now)) {
                Instant end = openSpan.map(TimeSpan::end).filter(e -> e.isBefore(now)).orElse(now);
                closed = nonEmpty(open.closeAt(end, "OFFERED_TIME_ENDED"));
                open = null;
            }
        }
        if (span.isEmpty()) {
            // Not offered now, as far as this tick can tell: offered time that appears later (a reservation
            // released) is idle capacity only from the moment it appeared, never retroactively.
            notOfferedAt = now;
        }
        if (open == null && state == MachineState.IDLE && span.isPresent()) {
            Instant start = latest(lastClosed, latest(idleSince, span.get().start(), trustedSince), notOfferedAt);
            if (start.isBefore(now) || start.equals(now)) {
                open = new LiveWindow(machineId, start, null, null);
            }
        }
        return closed.map(List::of).orElse(List.of());
    }

    /**
     * The wall clock jumped from {@code lastTrusted} to {@code now}: an open window ends at the last trusted
     * moment, and idle time is only counted again from {@code now}.
     */
    public Optional<LiveWindow> clockStepped(Instant lastTrusted, Instant now) {
        trustedSince = now;
        if (open == null) {
            return Optional.empty();
        }
        LiveWindow closed = open.closeAt(lastTrusted, "CLOCK_STEP");
        open = null;
        return nonEmpty(closed);
    }

    /** The agent stops: the open window ends now, because nobody will watch the machine after it. */
    public Optional<LiveWindow> stop(Instant now) {
        if (open == null) {
            return Optional.empty();
        }
        LiveWindow closed = open.closeAt(now, "AGENT_STOPPED");
        open = null;
        return nonEmpty(closed);
    }

    /**
     * Remembers where the window ended, so a window that reopens in the same idle stretch (a reservation
     * released after it began) never covers time already published. A window that closes where it opened
     * was never real: it was opened on news that was already stale
     * (the state had changed before the tick that opened it).
     */
    private Optional<LiveWindow> nonEmpty(LiveWindow w) {
        lastClosed = w.end();
        return w.start().equals(w.end()) ? Optional.empty() : Optional.of(w);
    }

    private static Instant latest(Instant a, Instant b, Instant c) {
        Instant max = b;
        if (a != null && a.isAfter(max)) {
            max = a;
        }
        if (c != null && c.isAfter(max)) {
            max = c;
        }
        return max;
    }
}
