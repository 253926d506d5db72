package io.edgeagent.drivers.modbus;

import java.io.IOException;
import java.time.Duration;

/**
 * One Modbus master connection: a {@link Wire} and its {@link Framing}, shared by every device behind it (the units
 * of a serial line or behind a gateway's port). One transaction at a time, by the poll that holds the link; every
 * reply is checked against its request, and after a failed attempt the wire is recovered so that a late reply
 * cannot be taken for the next request.
 *
 * <p>Two exceptions keep a shared connection for the devices that answer. A timeout on a connection whose framing
 * skips late replies (Modbus TCP) keeps it when another transaction was answered on it since the last timeout: a
 * unit behind a gateway is silent, not the connection; two timeouts in a row drop it. And a connect that failed is
 * not tried again for {@link #CONNECT_PAUSE}: the devices behind a gateway that is off then fail at once, rather than
 * each waiting for a connect of its own (a gateway that takes a single client also gets a moment to let go).
 */
final class Link implements AutoCloseable {

    /** Shorter than the first back-off delay, so that a device of its own never meets it. */
    static final Duration CONNECT_PAUSE = Duration.ofMillis(500);

    private final Wire wire;
    private final Framing framing;

    // Used by one transaction at a time; the poll loop's lock orders transactions on different threads.
    private boolean answeredSinceTimeout;
    private IOException connectFailure;
    private long connectPausedUntil;

    Link(Wire wire, Framing framing) {
        this.wire = wire;
        this.framing = framing;
    }

    static Link of(ModbusTransport transport) {
        if (transport instanceof ModbusTransport.Tcp tcp) {
            SocketWire wire = new SocketWire(tcp.host(), tcp.port(), tcp.describe());
            return new Link(wire, tcp.rtuFraming() ? new RtuFraming() : new MbapFraming());
        }
        return new Link(new SerialWire((ModbusTransport.Serial) transport), new RtuFraming());
    }

    String describe() {
        return wire.describe();
    }

    /**
     * Reads {@code count} registers or bits, connecting first if needed.
     *
     * @return the values, or the exception code the device answered with
     * @throws ReplyTimeoutException  when no reply came within the timeout
     * @throws RejectedReplyException when a reply came that does not answer this request
     * @throws IOException            when the connection could not be made or broke
     */
    Reply read(int unitId, RegisterArea area, int address, int count, Duration timeout) throws IOException {
        if (!wire.isOpen()) {
            connect(timeout);
        }
        byte[] request = Pdu.readRequest(area, address, count);
        try {
            byte[] reply = framing.exchange(wire, unitId, request, System.nanoTime() + timeout.toNanos());
            Reply parsed = Pdu.parseReply(reply, area, count);
            answeredSinceTimeout = true;
            return parsed;
        } catch (ReplyTimeoutException e) {
            if (framing.skipsLateReplies() && answeredSinceTimeout) {
                answeredSinceTimeout = false;
            } else {
                wire.recover(e);
            }
            throw new ReplyTimeoutException("no reply within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            wire.recover(e);
            throw e;
        }
    }

    private void connect(Duration timeout) throws IOException {
        if (connectFailure != null && connectPausedUntil - System.nanoTime() > 0) {
            throw connectFailure;
        }
        try {
            wire.open(timeout);
        } catch (IOException e) {
            connectFailure = e;
            connectPausedUntil = System.nanoTime() + CONNECT_PAUSE.toNanos();
            throw e;
        }
        connectFailure = null;
        framing.connected();
        answeredSinceTimeout = false;
    }

    /** Safe from any thread: aborts a transaction in progress. */
    @Override
    public void close() {
        wire.close();
    }
}
