package io.edgeagent.drivers.modbus;

import java.io.IOException;
import java.time.Duration;

/**
 * One Modbus master connection: a {@link Wire} and its {@link Framing}. One transaction at a time, by the one thread
 * that owns the link; every reply is checked against its request, and after any failed attempt the wire is
 * recovered so that a late reply cannot be taken for the next request.
 */
final class Link implements AutoCloseable {

    private final Wire wire;
    private final Framing framing;

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
            wire.open(timeout);
        }
        byte[] request = Pdu.readRequest(area, address, count);
        try {
            byte[] reply = framing.exchange(wire, unitId, request, System.nanoTime() + timeout.toNanos());
            return Pdu.parseReply(reply, area, count);
        } catch (ReplyTimeoutException e) {
            wire.recover(e);
            throw new ReplyTimeoutException("no reply within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            wire.recover(e);
            throw e;
        }
    }

    /** Safe from any thread: aborts a transaction in progress. */
    @Override
    public void close() {
        wire.close();
    }
}
