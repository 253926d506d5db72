package io.edgeagent.drivers.modbus;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A TCP connection to a Modbus device or gateway. */
final class SocketWire implements Wire {

    private final String host;
    private final int port;
    private final String description;
    private final Object lock = new Object();

    // Guarded by lock; the streams are then used by the one thread that owns the wire.
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean closed;

    SocketWire(String host, int port, String description) {
        this.host = host;
        this.port = port;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return in != null;
        }
    }

    @Override
    public void open(Duration timeout) throws IOException {
        Socket candidate = new Socket();
        synchronized (lock) {
            if (closed) {
                throw new IOException("closed");
            }
            disconnect();
            // Published before connecting, so that close() can abort a connect to a silent host.
            socket = candidate;
        }
        try {
            candidate.setTcpNoDelay(true);
            candidate.setKeepAlive(true);
            candidate.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            InputStream input = new BufferedInputStream(candidate.getInputStream());
            OutputStream output = candidate.getOutputStream();
            synchronized (lock) {
                if (closed || socket != candidate) {
                    throw new IOException("closed");
                }
                in = input;
                out = output;
            }
        } catch (IOException e) {
            closeQuietly(candidate);
            throw e;
        }
    }

    @Override
    public void write(byte[] frame) throws IOException {
        InputStream input;
        OutputStream output;
        synchronized (lock) {
            input = in;
            output = out;
        }
        if (output == null) {
            throw new IOException("not connected");
        }
        int stale = input.available();
        if (stale > 0) {
            input.skipNBytes(stale);
        }
        output.write(frame);
        output.flush();
    }

    @Override
    public void read(byte[] buffer, int offset, int length, long deadline) throws IOException {
        Socket current;
        InputStream input;
        synchronized (lock) {
            current = socket;
            input = in;
        }
        if (input == null) {
            throw new IOException("not connected");
        }
        int done = 0;
        while (done < length) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new ReplyTimeoutException("no reply within the timeout");
            }
            current.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            int n;
            try {
                n = input.read(buffer, offset + done, length - done);
            } catch (SocketTimeoutException e) {
                throw new ReplyTimeoutException("no reply within the timeout");
            }
            if (n < 0) {
                throw new EOFException("connection closed by the device");
            }
            done += n;
        }
    }

    /** A connection that timed out or saw a stray reply may still deliver the late one: start a fresh connection. */
    @Override
    public void recover(IOException fault) {
        synchronized (lock) {
            disconnect();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            disconnect();
        }
    }

    // Under lock.
    private void disconnect() {
        if (socket != null) {
            closeQuietly(socket);
        }
        socket = null;
        in = null;
        out = null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all we wanted; there is nothing left to release.
        }
    }
}
