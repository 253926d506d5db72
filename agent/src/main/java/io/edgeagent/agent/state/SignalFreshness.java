package io.edgeagent.agent.state;

import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How long a signal's last good reading still says something about the machine now, by signal. A signal that is
 * not listed is reported by exception (OPC UA monitored items, GPIO edges): its last value holds for as long as its
 * driver is connected, since a live subscription would have sent any change.
 *
 * <p>A Modbus driver polls, but sends a value only when it changed or once {@code keepAliveSeconds} passed since it
 * last sent it; so a reading is due at least every poll plus keep-alive, and a signal that misses
 * {@link #MISSED_REPORTS} of them in a row is stale: its driver is no longer reading it (a stuck poll loop,
 * readings dropped on a full queue), however healthy it says it is.
 *
 * @param maxAge per signal, how long after its last reading it is stale
 */
public record SignalFreshness(Map<String, Duration> maxAge) {

    /**
     * Reports that may be missed before a signal is stale: one late report is a slow poll or a retry, two can be a
     * retry after a reconnect; three in a row are a driver that stopped reading.
     */
    public static final int MISSED_REPORTS = 3;

    public SignalFreshness {
        maxAge = Map.copyOf(maxAge);
    }

    /** Every signal reported by exception. */
    public static SignalFreshness byException() {
        return new SignalFreshness(Map.of());
    }

    /** The freshness of a configured machine's signals, from how its connection reports them. */
    public static SignalFreshness of(MachineConfig machine) {
        if (machine.connection() instanceof ModbusConnection modbus) {
            Duration due = modbus.poll().plus(modbus.keepAlive()).multipliedBy(MISSED_REPORTS);
            return new SignalFreshness(machine.signals().keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), signal -> due)));
        }
        return byException();
    }

    /** How long after its last reading {@code signal} is stale, or {@code null} when it is reported by exception. */
    Duration maxAge(String signal) {
        Objects.requireNonNull(signal, "signal");
        return maxAge.get(signal);
    }
}
