package io.edgeagent.drivers.modbus;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * One pseudo-terminal: the master end, held here, and the tty device a serial port library opens by name. Closing
 * the master hangs the device up under whoever has it open, as pulling a USB adapter does. POSIX only.
 */
final class Pty implements AutoCloseable {

    /** The C library calls Java has no API for. */
    interface LibC extends Library {

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        int ptsname_r(int fd, byte[] buffer, NativeLong length);

        NativeLong read(int fd, byte[] buffer, NativeLong count);

        NativeLong write(int fd, byte[] buffer, NativeLong count);

        int poll(Pointer fds, NativeLong count, int timeoutMillis);

        int close(int fd);
    }

    static final short POLLIN = 0x1;
    static final short POLLHUP = 0x10;
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final int POLLFD_SIZE = 8;

    private static final LibC LIBC = Native.load("c", LibC.class);

    private final int master;
    private final Path device;

    private Pty(int master, Path device) {
        this.master = master;
        this.device = device;
    }

    /** A new pair; its device exists until {@link #close}. */
    static Pty open() throws IOException {
        int fd = LIBC.posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0) {
            throw new IOException("posix_openpt failed (errno " + Native.getLastError() + ")");
        }
        byte[] name = new byte[128];
        if (LIBC.grantpt(fd) != 0 || LIBC.unlockpt(fd) != 0
                || LIBC.ptsname_r(fd, name, new NativeLong(name.length)) != 0) {
            int errno = Native.getLastError();
            LIBC.close(fd);
            throw new IOException("cannot unlock a pseudo-terminal (errno " + errno + ")");
        }
        int length = 0;
        while (name[length] != 0) {
            length++;
        }
        return new Pty(fd, Paths.get(new String(name, 0, length, StandardCharsets.US_ASCII)));
    }

    Path device() {
        return device;
    }

    /** Reads what the device side wrote; blocks unless {@link #poll} said there is input. */
    int read(byte[] buffer) throws IOException {
        long n = LIBC.read(master, buffer, new NativeLong(buffer.length)).longValue();
        if (n < 0) {
            throw new IOException(device + ": read failed (errno " + Native.getLastError() + ")");
        }
        return (int) n;
    }

    void write(byte[] buffer, int length) throws IOException {
        int done = 0;
        while (done < length) {
            byte[] rest = done == 0 ? buffer : Arrays.copyOfRange(buffer, done, length);
            long n = LIBC.write(master, rest, new NativeLong(length - done)).longValue();
            if (n < 0) {
                throw new IOException(device + ": write failed (errno " + Native.getLastError() + ")");
            }
            done += (int) n;
        }
    }

    /**
     * Waits for input on any of the masters.
     *
     * @return each master's events ({@link #POLLIN}, {@link #POLLHUP} while no one has its device open)
     */
    static short[] poll(Pty[] ptys, int timeoutMillis) throws IOException {
        Memory fds = new Memory((long) POLLFD_SIZE * ptys.length);
        for (int i = 0; i < ptys.length; i++) {
            fds.setInt((long) i * POLLFD_SIZE, ptys[i].master);
            fds.setShort((long) i * POLLFD_SIZE + 4, POLLIN);
            fds.setShort((long) i * POLLFD_SIZE + 6, (short) 0);
        }
        if (LIBC.poll(fds, new NativeLong(ptys.length), timeoutMillis) < 0) {
            throw new IOException("poll failed (errno " + Native.getLastError() + ")");
        }
        short[] events = new short[ptys.length];
        for (int i = 0; i < ptys.length; i++) {
            events[i] = fds.getShort((long) i * POLLFD_SIZE + 6);
        }
        return events;
    }

    @Override
    public void close() {
        LIBC.close(master);
    }
}
