package io.edgeagent.drivers.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * One Modbus device and how to poll it.
 *
 * @param transport TCP or serial
 * @param unitId    the unit (slave) id, 0..255
 * @param poll      how often every signal is read
 * @param timeout   how long one transaction may take before it counts as failed; also the TCP connect timeout
 * @param retries   how often a failed transaction is repeated before the poll counts as failed (0: one attempt);
 *                  while the device is down each back-off probe makes a single attempt
 * @param maxGap    unused registers (or bits) one request may read to join two signals; 0 joins only
 *                  adjacent values
 * @param keepAlive an unchanged value is reported again after this long, so the cloud sees it is alive
 * @param order     word order of signals that do not set their own
 */
public record ModbusEndpoint(ModbusTransport transport, int unitId, Duration poll, Duration timeout, int retries,
        int maxGap, Duration keepAlive, WordOrder order) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_MAX_GAP = 10;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(1);

    public ModbusEndpoint {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(order, "order");
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        if (!positive(poll) || !positive(timeout) || !positive(keepAlive)) {
            throw new IllegalArgumentException("poll, timeout and keepAlive must be positive");
        }
        if (retries < 0 || maxGap < 0) {
            throw new IllegalArgumentException("retries and maxGap must be >= 0");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /** A device polled every second with the default timeout, retries, gap, keep-alive and order. */
    public static ModbusEndpoint of(ModbusTransport transport, int unitId) {
        return new ModbusEndpoint(transport, unitId, DEFAULT_POLL, DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_MAX_GAP,
                DEFAULT_KEEP_ALIVE, WordOrder.ABCD);
    }
}
