package io.edgeagent.drivers.modbus;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.edgeagent.drivers.net.NetworkFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * A serial port for Modbus RTU, through jSerialComm (the library j2mod uses underneath; used directly because it
 * reports why a port would not open, which j2mod's connection hides).
 *
 * <p>RTU frames are delimited by silence: before each request the wire waits until the line has been quiet for 3.5
 * character times (1.75 ms above 19200 baud, as the specification says) and drops any bytes left over from an
 * earlier, abandoned reply.
 */
final class SerialWire implements Wire {

    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int ENOTTY = 25;
    /** An RTU character is 11 bits on the wire whatever the parity and stop bits. */
    private static final int BITS_PER_CHARACTER = 11;

    private final ModbusTransport.Serial serial;
    private final long silenceNanos;
    private final Object lock = new Object();

    // Guarded by lock; used by the one thread that owns the wire.
    private SerialPort port;
    private boolean closed;
    // Confined to the owning thread.
    private long lastTraffic = System.nanoTime();

    SerialWire(ModbusTransport.Serial serial) {
        this.serial = serial;
        // 3.5 characters: 38.5 bits at the line's baud rate.
        this.silenceNanos = serial.baud() > 19_200 ? 1_750_000L
                : 3_500_000_000L * BITS_PER_CHARACTER / serial.baud();
    }

    @Override
    public String describe() {
        return serial.port();
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return port != null;
        }
    }

    @Override
    public void open(Duration timeout) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("closed");
            }
            disconnect();
        }
        String name = serial.port();
        checkDeviceFile(name);
        SerialPort candidate;
        try {
            candidate = SerialPort.getCommPort(name);
        } catch (SerialPortInvalidPortException e) {
            throw new LinkException(noSuchPort(name), e);
        } catch (LinkageError e) {
            throw new LinkException(libraryMissing(name, e), e);
        }
        candidate.setComPortParameters(serial.baud(), serial.dataBits(),
                serial.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity(serial.parity()));
        candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) Math.max(1, timeout.toMillis()), 0);
        if (!candidate.openPort()) {
            throw new LinkException(openFailure(name, candidate.getLastErrorCode()));
        }
        synchronized (lock) {
            if (closed) {
                candidate.closePort();
                throw new IOException("closed");
            }
            port = candidate;
        }
        lastTraffic = System.nanoTime();
    }

    @Override
    public void write(byte[] frame) throws IOException {
        SerialPort current = current();
        long quietFor = System.nanoTime() - lastTraffic;
        if (quietFor < silenceNanos) {
            // Protocol timing, not synchronisation: RTU needs this gap between frames.
            LockSupport.parkNanos(silenceNanos - quietFor);
        }
        int stale = current.bytesAvailable();
        if (stale > 0) {
            current.readBytes(new byte[stale], stale);
        }
        int written = current.writeBytes(frame, frame.length);
        lastTraffic = System.nanoTime();
        if (written != frame.length) {
            throw new LinkException(serial.port() + ": write failed: check the adapter is still plugged in");
        }
    }

    @Override
    public void read(byte[] buffer, int offset, int length, long deadline) throws IOException {
        SerialPort current = current();
        int done = 0;
        while (done < length) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new ReplyTimeoutException("no reply within the timeout");
            }
            current.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) remainingMillis, 0);
            int n = current.readBytes(buffer, length - done, offset + done);
            if (n < 0) {
                throw new LinkException(serial.port() + ": read failed: check the adapter is still plugged in");
            }
            if (n > 0) {
                lastTraffic = System.nanoTime();
            }
            done += n;
        }
    }

    /** Other devices share the line: keep the port open unless the port itself failed; stale bytes go on write. */
    @Override
    public void recover(IOException fault) {
        if (fault instanceof LinkException) {
            synchronized (lock) {
                disconnect();
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            disconnect();
        }
    }

    private SerialPort current() throws IOException {
        synchronized (lock) {
            if (port == null) {
                throw new IOException("not open");
            }
            return port;
        }
    }

    // Under lock.
    private void disconnect() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }

    /** Answers the common cases from the device file alone, before loading the native library. */
    private static void checkDeviceFile(String name) throws LinkException {
        if (!name.startsWith("/")) {
            return;
        }
        Path path = Paths.get(name);
        if (!Files.exists(path)) {
            throw new LinkException(noSuchPort(name));
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw new LinkException(permissionDenied(name));
        }
    }

    static int parity(String parity) {
        return switch (parity.toLowerCase(Locale.ROOT)) {
            case "none" -> SerialPort.NO_PARITY;
            case "even" -> SerialPort.EVEN_PARITY;
            case "odd" -> SerialPort.ODD_PARITY;
            default -> throw new IllegalArgumentException("parity must be none, even or odd, was '" + parity + "'");
        };
    }

    static String noSuchPort(String name) {
        return name + ": no such port: check the adapter is plugged in (ls " + portPattern(name) + ")";
    }

    static String permissionDenied(String name) {
        return name + ": permission denied: add the agent user to the dialout group";
    }

    /** Why {@code openPort} failed, from the error code jSerialComm reports (errno on Linux). */
    static String openFailure(String name, int errorCode) {
        return switch (errorCode) {
            case ENOENT -> noSuchPort(name);
            case EACCES -> permissionDenied(name);
            case EBUSY -> name + ": busy: another program has the port open (check with fuser " + name + ")";
            case ENOTTY -> name + ": not a serial port";
            default -> name + ": cannot open the port (error " + errorCode + ")";
        };
    }

    static String libraryMissing(String name, Throwable error) {
        return name + ": cannot load the serial port library (jSerialComm): start the agent with -Djava.io.tmpdir set"
                + " to a directory that allows executables (" + NetworkFaults.oneLine(error.toString()) + ")";
    }

    /**
     * Where the technician should look for the adapter: {@code /dev/ttyUSB0} gives {@code /dev/ttyUSB*}; a name that
     * is not letters and a number (a {@code /dev/serial/by-id/} link) gives its directory.
     */
    static String portPattern(String name) {
        int slash = name.lastIndexOf('/');
        String file = name.substring(slash + 1);
        if (file.matches("[A-Za-z]+\\d+")) {
            return name.replaceFirst("\\d+$", "*");
        }
        return slash > 0 ? name.substring(0, slash + 1) : name;
    }
}
