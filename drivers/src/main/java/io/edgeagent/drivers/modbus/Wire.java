package io.edgeagent.drivers.modbus;

import java.io.IOException;
import java.time.Duration;

/**
 * The byte stream under a Modbus connection: a TCP socket or a serial port. Used by one thread at a time; only
 * {@link #close} may be called from another thread, to abort a blocked read.
 */
interface Wire {

    /** For logs and errors: {@code tcp://host:port}, {@code rtu+tcp://host:port} or the serial port. */
    String describe();

    boolean isOpen();

    /**
     * Connects or opens the port.
     *
     * @throws IOException when it cannot; a {@link LinkException} carries its own one-line explanation
     */
    void open(Duration timeout) throws IOException;

    /** Sends one whole frame, after dropping whatever unread input is left from earlier traffic. */
    void write(byte[] frame) throws IOException;

    /**
     * Reads exactly {@code length} bytes.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @throws ReplyTimeoutException when the deadline passes first
     */
    void read(byte[] buffer, int offset, int length, long deadline) throws IOException;

    /**
     * Brings the wire back to where the next request cannot read a reply meant for this one: a connection is
     * dropped (and opened again by the next attempt); a serial line, which other devices share, is only drained.
     */
    void recover(IOException fault);

    /** Closes for good: a later {@link #open} fails. Safe from any thread. */
    void close();
}
