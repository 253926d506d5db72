package io.edgeagent.drivers.sim.cnc;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.net.AbstractModbusListener;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP server for one unit, made of j2mod's TCP transport, request messages and a process image, but
 * not its {@code ModbusSlave}. j2mod 3.3.0's slave keeps a connected master's handler thread after close: the
 * thread blocks in a socket read that interrupting does not end, so the master's next request is answered
 * "illegal data address" by a slave that is gone, and the thread outlives it. This server closes every
 * connection on {@link #stop}: a connected master sees the device drop, as when a control is switched off.
 *
 * <p>Answers reads (function codes 1 to 4) for its unit id. Writes and other functions get exception 1
 * (illegal function): the simulated control is read-only. Another unit id gets exception 0x0B (gateway target
 * failed to respond): nothing by that id answers behind this address.
 */
final class CncModbusServer extends AbstractModbusListener {

    /** Modbus exception code for a unit id this server does not serve. */
    static final int GATEWAY_TARGET_FAILED = 0x0B;

    private static final Logger log = LoggerFactory.getLogger(CncModbusServer.class);
    private static final Set<Integer> READ_FUNCTIONS = Set.of(Modbus.READ_COILS, Modbus.READ_INPUT_DISCRETES,
            Modbus.READ_MULTIPLE_REGISTERS, Modbus.READ_INPUT_REGISTERS);
    private static final int SERVER_DEVICE_FAILURE = 4;
    private static final int BACKLOG = 16;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final int unitId;
    private final ProcessImage image;
    private final Object lock = new Object();

    // Guarded by lock.
    private final Set<Socket> connections = new HashSet<>();
    private boolean closed;

    private ServerSocket serverSocket;
    private Thread acceptor;
    private ExecutorService handlers;

    /**
     * @param threadName prefix of every thread the server starts
     */
    CncModbusServer(String threadName, InetAddress address, int port, int unitId, ProcessImage image) {
        this.unitId = unitId;
        this.image = image;
        setThreadName(threadName);
        setAddress(address);
        setPort(port);
    }

    /**
     * Binds and starts accepting; returns once masters can connect. Call once.
     *
     * @throws IOException when the address cannot be bound, e.g. the port is taken
     */
    void open() throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // The connections stop() closes linger in TIME_WAIT on this port; a restart must bind it regardless.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(getAddress(), getPort()), BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        serverSocket = socket;
        AtomicInteger connectionNumber = new AtomicInteger();
        handlers = Executors.newCachedThreadPool(task -> daemon(task,
                getThreadName() + "-conn-" + connectionNumber.incrementAndGet()));
        acceptor = daemon(this, getThreadName() + "-listener");
        setListening(true);
        acceptor.start();
    }

    /** The accept loop, on the server's own listener thread. */
    @Override
    public void run() {
        while (true) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!isClosed()) {
                    log.error("Modbus server {} on port {} stopped accepting connections", getThreadName(),
                            getPort(), e);
                }
                return;
            }
            synchronized (lock) {
                if (closed) {
                    closeQuietly(socket);
                    return;
                }
                connections.add(socket);
                handlers.execute(() -> serve(socket));
            }
        }
    }

    /** Stops accepting, drops every connection and waits for the server's threads to end. */
    @Override
    public void stop() {
        List<Socket> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            setListening(false);
            open = List.copyOf(connections);
        }
        if (serverSocket == null) {
            return;
        }
        closeQuietly(serverSocket);
        open.forEach(CncModbusServer::closeQuietly);
        handlers.shutdownNow();
        try {
            acceptor.join(STOP_WAIT.toMillis());
            if (!handlers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS) || acceptor.isAlive()) {
                log.warn("Modbus server {}: threads still running {} after stop", getThreadName(), STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** j2mod's read requests take their process image from here, by the request's unit id. */
    @Override
    public ProcessImage getProcessImage(int requestedUnit) {
        return requestedUnit == unitId ? image : null;
    }

    private void serve(Socket socket) {
        try {
            ModbusTCPTransport transport = new ModbusTCPTransport(socket);
            // No idle limit: j2mod's default of 3 s would drop a master that polls less often.
            transport.setTimeout(0);
            while (true) {
                transport.writeResponse(respond(transport.readRequest(this)));
            }
        } catch (ModbusIOException | IllegalStateException e) {
            // The master hung up, or stop() closed the socket (j2mod reports a closed one as invalid).
            log.debug("Modbus server {}: connection from {} ended: {}", getThreadName(),
                    socket.getRemoteSocketAddress(), e.getMessage());
        } finally {
            synchronized (lock) {
                connections.remove(socket);
            }
            closeQuietly(socket);
        }
    }

    private ModbusResponse respond(ModbusRequest request) {
        if (request.getUnitID() != unitId) {
            return request.createExceptionResponse(GATEWAY_TARGET_FAILED);
        }
        if (!READ_FUNCTIONS.contains(request.getFunctionCode())) {
            return request.createExceptionResponse(Modbus.ILLEGAL_FUNCTION_EXCEPTION);
        }
        try {
            return request.createResponse(this);
        } catch (RuntimeException e) {
            log.warn("Modbus server {}: cannot answer function {}", getThreadName(), request.getFunctionCode(), e);
            return request.createExceptionResponse(SERVER_DEVICE_FAILURE);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("closing {} failed: {}", closeable, e.getMessage());
        }
    }
}
