package io.edgeagent.agent.config;

/** TCP ports as every address in the file takes them: 0 means "any" to a socket, which no server listens on. */
final class Ports {

    static final String RANGE = "1 to 65535";

    private Ports() {
    }

    static boolean isValid(int port) {
        return port >= 1 && port <= 65_535;
    }
}
