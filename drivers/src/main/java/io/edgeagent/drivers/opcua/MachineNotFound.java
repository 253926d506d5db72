package io.edgeagent.drivers.opcua;

/**
 * The server answers, but the machine object the signals' browse paths start from is not where the root says:
 * the machine counts as unreachable, with this message, until it appears (a server may build its address space
 * after it starts listening).
 */
final class MachineNotFound extends Exception {

    MachineNotFound(String message) {
        super(message);
    }
}
