package io.edgeagent.drivers.gpio;

import java.util.Objects;

/**
 * What one input reports, from its raw pin levels: active-low inversion, then {@link Debouncer debounce}, then for
 * {@link InputMode#PULSES} the count of activations.
 *
 * <p>A {@link InputMode#LEVEL} input reports {@code true} while active. A {@link InputMode#PULSES} input reports
 * {@code 0} when opened, whatever its level, and one more for every debounced change from inactive to active; an
 * input already active when opened counts from its next activation. Pure and single-threaded, like the debouncer.
 */
final class InputFilter {

    /** What the owner has to do after a sample. */
    enum Step {
        NOTHING,
        /** A change is pending: sample the pin again at {@link #confirmDueNanos()}. */
        CONFIRM_LATER,
        /** {@link #value()} changed: report it with the time of {@link #since()}. */
        REPORT
    }

    private final GpioSignal signal;
    private final Debouncer debouncer;
    private long pulses;

    InputFilter(GpioSignal signal, Moment at, boolean high) {
        this.signal = Objects.requireNonNull(signal, "signal");
        this.debouncer = new Debouncer(signal.debounce(), active(high), at);
    }

    Step sample(Moment at, boolean high) {
        return switch (debouncer.sample(at, active(high))) {
            case UNCHANGED -> Step.NOTHING;
            case CANDIDATE -> Step.CONFIRM_LATER;
            case ACCEPTED -> {
                if (signal.mode() == InputMode.LEVEL) {
                    yield Step.REPORT;
                }
                if (!debouncer.level()) {
                    yield Step.NOTHING;
                }
                pulses++;
                yield Step.REPORT;
            }
        };
    }

    /** {@link Boolean} active for a level input, {@link Long} activations since open for a pulse input. */
    Object value() {
        return signal.mode() == InputMode.LEVEL ? Boolean.valueOf(debouncer.level()) : Long.valueOf(pulses);
    }

    /** When the current value took effect: when its level was first seen, not when debounce confirmed it. */
    Moment since() {
        return debouncer.since();
    }

    long confirmDueNanos() {
        return debouncer.dueNanos();
    }

    private boolean active(boolean high) {
        return high != signal.activeLow();
    }
}
