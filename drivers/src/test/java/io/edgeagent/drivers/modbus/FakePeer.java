package io.edgeagent.drivers.modbus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted Modbus device on loopback, for faults a real slave does not produce: replies to the wrong transaction
 * or unit, late replies, silent units on a shared line. Speaks MBAP or RTU framing; the script decides, per
 * request, what goes back.
 */
final class FakePeer implements AutoCloseable {

    /** One request as it arrived; {@code transactionId} is -1 in RTU framing. */
    record Request(int connection, int number, int transactionId, int unitId, int function, int address, int count) {
    }

    /** What to send back and after how long; {@link #SILENCE} sends nothing. */
    record Answer(byte[] bytes, long delayMillis) {

        static final Answer SILENCE = new Answer(null, 0);

        static Answer now(byte[] bytes) {
            return new Answer(bytes, 0);
        }
    }

    interface Script {
        Answer answer(Request request);
    }

    private final ServerSocket server;
    private final boolean rtu;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private FakePeer(boolean rtu, Script script) {
        this.rtu = rtu;
        this.script = script;
        try {
            this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(new Thread(this::accept, "fake-peer-accept"));
    }

    static FakePeer mbap(Script script) {
        return new FakePeer(false, script);
    }

    static FakePeer rtu(Script script) {
        return new FakePeer(true, script);
    }

    int port() {
        return server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    /** Connections the peer accepted so far. */
    int connections() {
        return connections.get();
    }

    /** A Modbus TCP frame around {@code pdu}. */
    static byte[] mbapFrame(int transactionId, int unitId, int... pdu) {
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (transactionId >> 8);
        frame[1] = (byte) transactionId;
        frame[4] = (byte) ((pdu.length + 1) >> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unitId;
        for (int i = 0; i < pdu.length; i++) {
            frame[7 + i] = (byte) pdu[i];
        }
        return frame;
    }

    /** An RTU frame around {@code pdu}, CRC included. */
    static byte[] rtuFrame(int unitId, int... pdu) {
        byte[] frame = new byte[pdu.length + 3];
        frame[0] = (byte) unitId;
        for (int i = 0; i < pdu.length; i++) {
            frame[1 + i] = (byte) pdu[i];
        }
        int crc = RtuFraming.crc(frame, 0, frame.length - 2);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >> 8);
        return frame;
    }

    /** The PDU of a holding-register reply carrying these words. */
    static int[] registers(int... words) {
        int[] pdu = new int[2 + 2 * words.length];
        pdu[0] = 3;
        pdu[1] = 2 * words.length;
        for (int i = 0; i < words.length; i++) {
            pdu[2 + 2 * i] = words[i] >> 8;
            pdu[3 + 2 * i] = words[i] & 0xFF;
        }
        return pdu;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
        List<Thread> running;
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing is all we wanted.
                }
            }
            running = List.copyOf(threads);
        }
        for (Thread thread : running) {
            thread.join(2000);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                int connection = connections.incrementAndGet();
                synchronized (sockets) {
                    sockets.add(socket);
                }
                start(new Thread(() -> serve(socket, connection), "fake-peer-" + connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int number = 1; !closed; number++) {
                Request request = rtu ? readRtu(in, connection, number) : readMbap(in, connection, number);
                requests.incrementAndGet();
                Answer answer = script.answer(request);
                if (answer.bytes() == null) {
                    continue;
                }
                if (answer.delayMillis() > 0) {
                    // The fake device is slow on purpose; the test waits on the driver, never on this.
                    Thread.sleep(answer.delayMillis());
                }
                out.write(answer.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The driver hung up or the test closed the peer: this connection is over.
        }
    }

    private static Request readMbap(DataInputStream in, int connection, int number) throws IOException {
        int transactionId = in.readUnsignedShort();
        in.readUnsignedShort();
        int length = in.readUnsignedShort();
        int unitId = in.readUnsignedByte();
        byte[] pdu = new byte[length - 1];
        in.readFully(pdu);
        return request(connection, number, transactionId, unitId, pdu);
    }

    private static Request readRtu(DataInputStream in, int connection, int number) throws IOException {
        int unitId = in.readUnsignedByte();
        byte[] pdu = new byte[5];
        in.readFully(pdu);
        in.readUnsignedShort();
        return request(connection, number, -1, unitId, pdu);
    }

    private static Request request(int connection, int number, int transactionId, int unitId, byte[] pdu) {
        return new Request(connection, number, transactionId, unitId, pdu[0] & 0xFF,
                ((pdu[1] & 0xFF) << 8) | (pdu[2] & 0xFF), ((pdu[3] & 0xFF) << 8) | (pdu[4] & 0xFF));
    }

    private void start(Thread thread) {
        thread.setDaemon(true);
        synchronized (sockets) {
            threads.add(thread);
        }
        thread.start();
    }
}
