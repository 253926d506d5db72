package io.edgeagent.drivers.modbus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two pseudo-terminals joined like a null-modem cable, as socat joins them: what is written to the agent's port is
 * read from the device's, and back. Each port is a symbolic link to its tty, as {@code /dev/serial/by-id/} names
 * are. The agent's end can be pulled while a request is on the wire and plugged in again (a new tty behind the
 * same name), as a USB adapter is.
 */
final class NullModem implements AutoCloseable {

    /** How long one wait for traffic lasts, so that a pulled or plugged end and close are noticed. */
    private static final int POLL_MILLIS = 20;

    private final Path agentPort;
    private final Path devicePort;
    private final Pty device;
    private final Thread relay;
    private final Object lock = new Object();
    private final CountDownLatch pulled = new CountDownLatch(1);

    // Guarded by lock; only the relay thread closes the agent's pty.
    private Pty agent;
    private boolean pullAtNextRequest;
    private volatile boolean stopped;

    private NullModem(Path agentPort, Path devicePort, Pty device) {
        this.agentPort = agentPort;
        this.devicePort = devicePort;
        this.device = device;
        this.relay = new Thread(this::relay, "null-modem");
        this.relay.setDaemon(true);
    }

    /**
     * Links {@code dir/agentName} and {@code dir/deviceName} to the two ends and starts relaying.
     *
     * @throws IOException when the system has no pseudo-terminals to give
     */
    static NullModem open(Path dir, String agentName, String deviceName) throws IOException {
        Pty devicePty = Pty.open();
        Path devicePort = dir.resolve(deviceName);
        Files.createSymbolicLink(devicePort, devicePty.device());
        NullModem modem = new NullModem(dir.resolve(agentName), devicePort, devicePty);
        modem.plugIn();
        modem.relay.start();
        return modem;
    }

    Path agentPort() {
        return agentPort;
    }

    Path devicePort() {
        return devicePort;
    }

    /** The next bytes the agent sends are not delivered: its end is pulled instead, its port name gone. */
    void pullAtNextRequest() {
        synchronized (lock) {
            pullAtNextRequest = true;
        }
    }

    /** @return false when no request came within the timeout */
    boolean awaitPulled(Duration timeout) throws InterruptedException {
        return pulled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new tty for the agent's end, under the same port name. */
    void plugIn() {
        synchronized (lock) {
            if (agent != null) {
                throw new IllegalStateException("the agent's end is plugged in");
            }
        }
        try {
            Pty fresh = Pty.open();
            Files.deleteIfExists(agentPort);
            Files.createSymbolicLink(agentPort, fresh.device());
            synchronized (lock) {
                agent = fresh;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plug the agent's end in again", e);
        }
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        relay.join(Duration.ofSeconds(2).toMillis());
        synchronized (lock) {
            if (agent != null) {
                agent.close();
            }
        }
        device.close();
        Files.deleteIfExists(agentPort);
        Files.deleteIfExists(devicePort);
    }

    private void relay() {
        byte[] buffer = new byte[512];
        boolean agentHungUp = false;
        boolean deviceHungUp = false;
        while (!stopped) {
            Pty agentEnd;
            synchronized (lock) {
                agentEnd = agent;
            }
            try {
                // A master whose tty nobody has open reports a hang-up at once: left out of one round, so that
                // waiting for the agent or the device to open its port does not spin.
                List<Pty> watching = new ArrayList<>(2);
                if (!deviceHungUp) {
                    watching.add(device);
                }
                if (agentEnd != null && !agentHungUp) {
                    watching.add(agentEnd);
                }
                Pty[] watched = watching.toArray(new Pty[0]);
                short[] events = Pty.poll(watched, POLL_MILLIS);
                agentHungUp = false;
                deviceHungUp = false;
                for (int i = 0; i < watched.length; i++) {
                    boolean fromDevice = watched[i] == device;
                    if ((events[i] & Pty.POLLIN) != 0) {
                        int n = readQuietly(watched[i], buffer);
                        if (n > 0) {
                            forward(fromDevice, agentEnd, buffer, n);
                            continue;
                        }
                    }
                    if ((events[i] & Pty.POLLHUP) != 0 || (events[i] & Pty.POLLIN) != 0) {
                        agentHungUp |= !fromDevice;
                        deviceHungUp |= fromDevice;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void forward(boolean fromDevice, Pty agentEnd, byte[] buffer, int n) throws IOException {
        if (fromDevice) {
            // A reply for a pulled end is lost, as on a cut cable.
            if (agentEnd != null) {
                agentEnd.write(buffer, n);
            }
            return;
        }
        synchronized (lock) {
            if (pullAtNextRequest) {
                pullAtNextRequest = false;
                // The name first: the driver's next attempt, right after its read fails, finds no port.
                Files.deleteIfExists(agentPort);
                agent.close();
                agent = null;
                pulled.countDown();
                return;
            }
        }
        device.write(buffer, n);
    }

    /** 0 when the tty has no one at the other end (EIO), which the next round's hang-up shows. */
    private static int readQuietly(Pty pty, byte[] buffer) {
        try {
            return pty.read(buffer);
        } catch (IOException e) {
            return 0;
        }
    }
}
