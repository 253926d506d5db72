package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.SignalSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * One OPC UA variable to monitor.
 *
 * @param name      the configured signal name readings are reported under
 * @param node      the node, parsed by {@link NodeRef#parse} from a node id, {@code ns=<index>;s=<string>},
 *                  {@code ns=<index>;i=<number>}, {@code ns=<index>;g=<guid>}, {@code ns=<index>;b=<base64>}
 *                  (without {@code ns=} the index is 0), or {@code nsu=<namespace URI>;s=...} (also {@code i=},
 *                  {@code g=}, {@code b=}), which is resolved against the server's namespace table on every
 *                  connect; or from a browse path below the machine's root, {@code /MachineStatus/MachineMode}
 * @param sampling  how often the server samples the value; changes are published at most this often
 * @param deadband  how much a numeric value must change to be reported
 * @param queueSize  how many values the server keeps for this signal between two publishes, dropping the oldest
 *                   when full; 1 reports only the latest value of each publishing interval
 * @param conversion how a numeric value is reported: as the server sends it, or a Duration in seconds
 */
public record OpcUaSignal(String name, NodeRef node, Duration sampling, Deadband deadband, int queueSize,
                          Conversion conversion) implements SignalSpec {

    public static final Duration DEFAULT_SAMPLING = Duration.ofSeconds(1);
    public static final int DEFAULT_QUEUE_SIZE = 1;

    public OpcUaSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(deadband, "deadband");
        Objects.requireNonNull(conversion, "conversion");
        if (name.isBlank()) {
            throw new IllegalArgumentException("signal name must not be blank (node " + node + ")");
        }
        if (sampling.isNegative() || sampling.isZero()) {
            throw new IllegalArgumentException("signal '" + name + "': sampling must be positive, was " + sampling);
        }
        double value = deadband.value();
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("signal '" + name + "': deadband must be a finite number >= 0, was "
                    + value);
        }
        if (deadband.type() == Deadband.Type.PERCENT && value > 100) {
            throw new IllegalArgumentException("signal '" + name + "': a percent deadband must be at most 100, was "
                    + value);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("signal '" + name + "': queue size must be at least 1, was "
                    + queueSize);
        }
    }

    /**
     * A signal reported as the server sends it, at a node given as text.
     *
     * @throws IllegalArgumentException naming the signal and the text when {@link NodeRef#parse} refuses it
     */
    public OpcUaSignal(String name, String node, Duration sampling, Deadband deadband, int queueSize) {
        this(name, parse(name, node), sampling, deadband, queueSize, Conversion.NONE);
    }

    /** A signal with an absolute deadband and a queue of one. */
    public OpcUaSignal(String name, String node, Duration sampling, double deadband) {
        this(name, node, sampling, Deadband.absolute(deadband), DEFAULT_QUEUE_SIZE);
    }

    /**
     * What the driver does to a numeric value before reporting it. OPC UA's Duration is milliseconds; the agent's
     * times (a profile's expected and last cycle time, which a counting rule reads as seconds) are seconds.
     */
    public enum Conversion {
        NONE,
        /** A Duration: the server's milliseconds, reported as seconds. */
        MILLISECONDS_TO_SECONDS;

        /** The value converted; a non-numeric value as it is. */
        public Object apply(Object value) {
            if (this == MILLISECONDS_TO_SECONDS && value instanceof Number millis) {
                // A division, not a multiplication by 0.001: 296 ms reads 0.296, not 0.29600000000000004.
                return millis.doubleValue() / 1000;
            }
            return value;
        }
    }

    /** The same signal, its values converted so. */
    public OpcUaSignal withConversion(Conversion conversion) {
        return new OpcUaSignal(name, node, sampling, deadband, queueSize, conversion);
    }

    /** A signal sampled every second, reporting every change. */
    public static OpcUaSignal of(String name, String node) {
        return new OpcUaSignal(name, node, DEFAULT_SAMPLING, 0);
    }

    private static NodeRef parse(String name, String node) {
        Objects.requireNonNull(node, "node");
        try {
            return NodeRef.parse(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signal '" + name + "': invalid OPC UA node '" + node + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * The server's data change filter: a change smaller than {@code value} is not reported; a value of 0 reports
     * every change, whatever the type. Its range is checked by the signal, so that the error can name it.
     *
     * @param type  {@link Type#ABSOLUTE}: {@code value} is in the variable's unit; {@link Type#PERCENT}:
     *              {@code value} is a percentage (0 to 100) of the variable's EURange, which the server
     *              computes, so it works only on variables that have one (AnalogItemType)
     * @param value the smallest change reported
     */
    public record Deadband(Type type, double value) {

        public enum Type { ABSOLUTE, PERCENT }

        public Deadband {
            Objects.requireNonNull(type, "type");
        }

        public static Deadband absolute(double value) {
            return new Deadband(Type.ABSOLUTE, value);
        }

        public static Deadband percent(double percent) {
            return new Deadband(Type.PERCENT, percent);
        }
    }
}
