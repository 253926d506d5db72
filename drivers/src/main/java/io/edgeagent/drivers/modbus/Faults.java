package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.net.NetworkFaults;
import java.io.EOFException;
import java.net.SocketException;
import java.util.Optional;

/**
 * One line for an engineer from a link fault, e.g. {@code connection refused: tcp://10.0.0.7:502}: what only Modbus
 * says (a link, a reply), then the network's faults in {@link NetworkFaults}' words, then a connection that broke.
 * Expected faults are told apart by type, so that logs and health carry no stack traces.
 */
final class Faults {

    private Faults() {
    }

    /**
     * @param endpoint the transport, e.g. {@code tcp://10.0.0.7:502}
     * @param device   the endpoint and unit, e.g. {@code tcp://10.0.0.7:502 unit 1}, for faults of a transaction
     */
    static String describe(Throwable error, String endpoint, String device) {
        if (error instanceof LinkException) {
            return NetworkFaults.oneLine(error.getMessage());
        }
        if (error instanceof ReplyTimeoutException) {
            return NetworkFaults.oneLine(error.getMessage()) + ": " + device;
        }
        if (error instanceof RejectedReplyException) {
            return "rejected a reply that does not match the request (" + NetworkFaults.oneLine(error.getMessage())
                    + "): " + device;
        }
        Optional<String> network = NetworkFaults.describe(error, endpoint);
        if (network.isPresent()) {
            return network.get();
        }
        if (error instanceof EOFException) {
            return "connection closed by the device: " + endpoint;
        }
        if (error instanceof SocketException) {
            return "connection lost (" + NetworkFaults.oneLine(error.getMessage()) + "): " + endpoint;
        }
        return NetworkFaults.oneLine(error.toString()) + ": " + endpoint;
    }
}
