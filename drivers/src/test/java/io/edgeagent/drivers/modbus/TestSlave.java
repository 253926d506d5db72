package io.edgeagent.drivers.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.edgeagent.drivers.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/** A j2mod TCP slave on loopback serving one process image, for tests. */
final class TestSlave implements AutoCloseable {

    private final ModbusSlave slave;
    private final int port;

    private TestSlave(ModbusSlave slave, int port) {
        this.slave = slave;
        this.port = port;
    }

    /**
     * Starts a slave and waits until it accepts connections.
     *
     * @param rtuOverTcp RTU frames (with CRC) on the TCP connection, as a serial gateway forwards them
     */
    static TestSlave start(int port, boolean rtuOverTcp, int unitId, ProcessImage image) {
        return serve(port, 4, rtuOverTcp, Map.of(unitId, image));
    }

    /**
     * A serial-to-Ethernet gateway: one slave serving a process image per unit id, to one client at a time (j2mod's
     * handler pool of one: a second connection would wait, unanswered, until the first closes).
     */
    static TestSlave gateway(int port, Map<Integer, ? extends ProcessImage> units) {
        return serve(port, 1, false, units);
    }

    private static TestSlave serve(int port, int clients, boolean rtuOverTcp,
                                   Map<Integer, ? extends ProcessImage> units) {
        ModbusSlave slave;
        try {
            slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, clients, rtuOverTcp);
            units.forEach(slave::addProcessImage);
            slave.open();
        } catch (ModbusException e) {
            throw new IllegalStateException("cannot start a Modbus slave on port " + port, e);
        }
        Await.until(Duration.ofSeconds(5), () -> accepts(port), () -> "slave on port " + port + " not listening");
        return new TestSlave(slave, port);
    }

    int port() {
        return port;
    }

    /** Stops listening and drops its connections; the factory forgets it, so the port can be served again. */
    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
