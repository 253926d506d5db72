package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every reply is checked against its request, byte by byte: frames built by hand on an in-memory wire, so each
 * fault a real peer rarely produces can be forced.
 */
class FramingTest {

    private static final long DEADLINE = Long.MAX_VALUE;

    @Test
    void mbapRequestsCarryARisingTransactionIdAndTheUnit() throws IOException {
        ScriptedWire wire = new ScriptedWire();
        MbapFraming framing = new MbapFraming();
        wire.reply(0, 1, 0, 0, 0, 5, 7, 3, 2, 0x12, 0x34);
        byte[] first = framing.exchange(wire, 7, Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 1), DEADLINE);
        wire.reply(0, 2, 0, 0, 0, 5, 7, 3, 2, 0x56, 0x78);
        byte[] second = framing.exchange(wire, 7, Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 1), DEADLINE);

        assertArrayEquals(bytes(0, 1, 0, 0, 0, 6, 7, 3, 0, 0, 0, 1), wire.written.get(0));
        assertArrayEquals(bytes(0, 2, 0, 0, 0, 6, 7, 3, 0, 0, 0, 1), wire.written.get(1));
        assertArrayEquals(bytes(3, 2, 0x12, 0x34), first);
        assertArrayEquals(bytes(3, 2, 0x56, 0x78), second);
    }

    @Test
    void mbapRejectsAReplyToAnotherTransaction() {
        ScriptedWire wire = new ScriptedWire();
        wire.reply(0, 9, 0, 0, 0, 5, 1, 3, 2, 0x12, 0x34);

        RejectedReplyException e = assertThrows(RejectedReplyException.class, () -> new MbapFraming().exchange(wire, 1,
                Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 1), DEADLINE));

        assertEquals("transaction id 9, expected 1", e.getMessage());
    }

    @Test
    void mbapSkipsALateReplyToAnEarlierRequestOnThisConnectionButNotOneFromBeforeIt() throws IOException {
        ScriptedWire wire = new ScriptedWire();
        MbapFraming framing = new MbapFraming();
        byte[] request = Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 1);
        framing.connected();
        assertThrows(ReplyTimeoutException.class, () -> framing.exchange(wire, 5, request, DEADLINE));
        // Request 1 (unit 5) timed out; its reply comes while request 2 (unit 6) waits, then request 2's own.
        wire.reply(0, 1, 0, 0, 0, 5, 5, 3, 2, 0x06, 0x66);
        wire.reply(0, 2, 0, 0, 0, 5, 6, 3, 2, 0x00, 0x42);

        assertArrayEquals(bytes(3, 2, 0x00, 0x42), framing.exchange(wire, 6, request, DEADLINE));

        // On a new connection, request 2's id is no longer one of its own: a reply carrying it is rejected.
        framing.connected();
        wire.reply(0, 2, 0, 0, 0, 5, 6, 3, 2, 0x00, 0x42);
        RejectedReplyException e = assertThrows(RejectedReplyException.class,
                () -> framing.exchange(wire, 6, request, DEADLINE));
        assertEquals("transaction id 2, expected 3", e.getMessage());
    }

    @Test
    void mbapRejectsAnotherUnitAnotherProtocolAndAnImpossibleLength() {
        byte[] request = Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 1);
        ScriptedWire unit = new ScriptedWire();
        unit.reply(0, 1, 0, 0, 0, 5, 2, 3, 2, 0, 0);
        ScriptedWire protocol = new ScriptedWire();
        protocol.reply(0, 1, 0, 1, 0, 5, 1, 3, 2, 0, 0);
        ScriptedWire length = new ScriptedWire();
        length.reply(0, 1, 0, 0, 0x10, 0, 1, 3, 2, 0, 0);

        assertEquals("unit id 2, expected 1", assertThrows(RejectedReplyException.class,
                () -> new MbapFraming().exchange(unit, 1, request, DEADLINE)).getMessage());
        assertEquals("protocol id 1, expected 0", assertThrows(RejectedReplyException.class,
                () -> new MbapFraming().exchange(protocol, 1, request, DEADLINE)).getMessage());
        assertEquals("length field 4096", assertThrows(RejectedReplyException.class,
                () -> new MbapFraming().exchange(length, 1, request, DEADLINE)).getMessage());
    }

    @Test
    void mbapTransactionIdsWrapWithoutZero() throws IOException {
        ScriptedWire wire = new ScriptedWire();
        MbapFraming framing = new MbapFraming();
        byte[] request = Pdu.readRequest(RegisterArea.COIL, 0, 1);
        for (int id = 1; id <= 0xFFFF; id++) {
            wire.reply(id >> 8, id & 0xFF, 0, 0, 0, 4, 1, 1, 1, 1);
            framing.exchange(wire, 1, request, DEADLINE);
        }
        wire.reply(0, 1, 0, 0, 0, 4, 1, 1, 1, 1);

        framing.exchange(wire, 1, request, DEADLINE);

        assertArrayEquals(bytes(0, 1), new byte[] {wire.last()[0], wire.last()[1]});
    }

    @Test
    void rtuFramesCarryTheModbusCrcLowByteFirst() throws IOException {
        ScriptedWire wire = new ScriptedWire();
        // The reply: unit 1, function 3, 2 bytes 0x000A, CRC.
        wire.reply(withCrc(1, 3, 2, 0x00, 0x0A));

        byte[] pdu = new RtuFraming().exchange(wire, 1, Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 10),
                DEADLINE);

        // The classic example frame: 01 03 00 00 00 0A C5 CD.
        assertArrayEquals(bytes(1, 3, 0, 0, 0, 0x0A, 0xC5, 0xCD), wire.written.get(0));
        assertArrayEquals(bytes(3, 2, 0x00, 0x0A), pdu);
    }

    @Test
    void rtuRejectsABadCrcAndAnotherUnit() {
        byte[] request = Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 0, 1);
        byte[] corrupt = withCrc(1, 3, 2, 0x00, 0x0A);
        corrupt[3] ^= 0x01;
        ScriptedWire noisy = new ScriptedWire();
        noisy.reply(corrupt);
        ScriptedWire other = new ScriptedWire();
        other.reply(withCrc(2, 3, 2, 0x00, 0x0A));

        assertThrows(RejectedReplyException.class, () -> new RtuFraming().exchange(noisy, 1, request, DEADLINE));
        assertEquals("unit id 2, expected 1", assertThrows(RejectedReplyException.class,
                () -> new RtuFraming().exchange(other, 1, request, DEADLINE)).getMessage());
    }

    @Test
    void rtuReadsAnExceptionReply() throws IOException {
        ScriptedWire wire = new ScriptedWire();
        wire.reply(withCrc(1, 0x83, 2));

        byte[] pdu = new RtuFraming().exchange(wire, 1, Pdu.readRequest(RegisterArea.HOLDING_REGISTER, 9, 1),
                DEADLINE);

        assertEquals(new Reply.Refused(2), Pdu.parseReply(pdu, RegisterArea.HOLDING_REGISTER, 1));
    }

    @Test
    void aReplyMustMatchTheFunctionAndTheByteCountOfItsRequest() throws RejectedReplyException {
        assertEquals("function 4, expected 3", assertThrows(RejectedReplyException.class,
                () -> Pdu.parseReply(bytes(4, 2, 0, 1), RegisterArea.HOLDING_REGISTER, 1)).getMessage());
        assertEquals("byte count 2 in a reply of 4 bytes, expected 4", assertThrows(RejectedReplyException.class,
                () -> Pdu.parseReply(bytes(3, 2, 0, 1), RegisterArea.HOLDING_REGISTER, 2)).getMessage());
        assertThrows(RejectedReplyException.class,
                () -> Pdu.parseReply(bytes(3, 4, 0, 1, 0), RegisterArea.HOLDING_REGISTER, 2));
        assertThrows(RejectedReplyException.class,
                () -> Pdu.parseReply(bytes(1, 2, 0xFF), RegisterArea.COIL, 9));

        Reply.Values bits = assertInstanceOf(Reply.Values.class,
                Pdu.parseReply(bytes(1, 2, 0b0000_0101, 0b1), RegisterArea.COIL, 9));
        assertArrayEquals(new int[] {1, 0, 1, 0, 0, 0, 0, 0, 1}, bits.values());
        Reply.Values words = assertInstanceOf(Reply.Values.class,
                Pdu.parseReply(bytes(4, 4, 0xFF, 0xFE, 0x00, 0x01), RegisterArea.INPUT_REGISTER, 2));
        assertArrayEquals(new int[] {0xFFFE, 1}, words.values());
    }

    @Test
    void theLinkRecoversTheWireAfterEveryFailureAndNamesTheTimeout() {
        ScriptedWire wire = new ScriptedWire();
        Link link = new Link(wire, new MbapFraming());
        wire.reply(0, 5, 0, 0, 0, 5, 1, 3, 2, 0, 1);

        assertThrows(RejectedReplyException.class,
                () -> link.read(1, RegisterArea.HOLDING_REGISTER, 0, 1, Duration.ofSeconds(1)));
        assertEquals(1, wire.recovered);

        ReplyTimeoutException timeout = assertThrows(ReplyTimeoutException.class,
                () -> link.read(1, RegisterArea.HOLDING_REGISTER, 0, 1, Duration.ofMillis(150)));
        assertEquals("no reply within 150 ms", timeout.getMessage());
        assertEquals(2, wire.recovered);
    }

    private static byte[] withCrc(int... frame) {
        byte[] body = bytes(frame);
        int crc = RtuFraming.crc(body, 0, body.length);
        byte[] full = new byte[body.length + 2];
        System.arraycopy(body, 0, full, 0, body.length);
        full[body.length] = (byte) crc;
        full[body.length + 1] = (byte) (crc >> 8);
        return full;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Hands out the reply bytes scripted before each request; reading past them is a timeout. */
    private static final class ScriptedWire implements Wire {

        final List<byte[]> written = new ArrayList<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private byte[] input = new byte[0];
        private int position;
        int recovered;

        void reply(int... frame) {
            reply(bytes(frame));
        }

        void reply(byte[] frame) {
            pending.writeBytes(frame);
        }

        byte[] last() {
            return written.get(written.size() - 1);
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void open(Duration timeout) {
        }

        @Override
        public void write(byte[] frame) {
            // As a real wire does, unread input is dropped; the replies scripted so far arrive after the request.
            written.add(frame.clone());
            input = pending.toByteArray();
            pending.reset();
            position = 0;
        }

        @Override
        public void read(byte[] buffer, int offset, int length, long deadline) throws IOException {
            if (position + length > input.length) {
                throw new ReplyTimeoutException("no reply within the timeout");
            }
            System.arraycopy(input, position, buffer, offset, length);
            position += length;
        }

        @Override
        public void recover(IOException fault) {
            recovered++;
        }

        @Override
        public void close() {
        }
    }
}
