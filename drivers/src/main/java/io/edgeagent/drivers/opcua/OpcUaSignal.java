package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.SignalSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * One OPC UA variable to monitor.
 *
 * <p>The node's syntax is checked by {@link OpcUaDriver#subscribe}, not here, so that a configuration layer
 * can build every signal first and report all bad addresses of a machine together.
 *
 * @param name     the configured signal name readings are reported under
 * @param node     the node address: {@code ns=<index>;s=<string>}, {@code ns=<index>;i=<number>},
 *                 {@code ns=<index>;g=<guid>}, {@code ns=<index>;b=<base64>} (without {@code ns=} the index
 *                 is 0), or {@code nsu=<namespace URI>;s=...} (also {@code i=}, {@code g=}, {@code b=}), which is
 *                 resolved against the server's namespace table on every connect
 * @param sampling how often the server samples the value; changes are published at most this often
 * @param deadband absolute deadband: a numeric change smaller than this is not reported; 0 reports every change
 */
public record OpcUaSignal(String name, String node, Duration sampling, double deadband) implements SignalSpec {

    public static final Duration DEFAULT_SAMPLING = Duration.ofSeconds(1);

    public OpcUaSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(sampling, "sampling");
        if (name.isBlank()) {
            throw new IllegalArgumentException("signal name must not be blank (node " + node + ")");
        }
        if (sampling.isNegative() || sampling.isZero()) {
            throw new IllegalArgumentException("signal '" + name + "': sampling must be positive, was " + sampling);
        }
        if (!(deadband >= 0) || Double.isInfinite(deadband)) {
            throw new IllegalArgumentException("signal '" + name + "': deadband must be a finite number >= 0, was "
                    + deadband);
        }
    }

    /** A signal sampled every second, reporting every change. */
    public static OpcUaSignal of(String name, String node) {
        return new OpcUaSignal(name, node, DEFAULT_SAMPLING, 0);
    }
}
