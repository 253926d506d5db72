package io.edgeagent.drivers.net;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * One line for an engineer from a failure to reach a peer, e.g. {@code connection refused: tcp://10.0.0.7:502}: the
 * wording every protocol shares, so that a refused Modbus device and a refused OPC UA server read alike. Faults are
 * told apart by type anywhere in the exception chain, so that logs and health carry no stack traces; a protocol adds
 * its own words for what only it knows.
 */
public final class NetworkFaults {

    private NetworkFaults() {
    }

    /**
     * @param where the peer, as the engineer configured it, e.g. {@code opc.tcp://10.0.0.7:4840}
     * @return empty when nothing in the chain is a network fault
     */
    public static Optional<String> describe(Throwable error, String where) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Optional.of("unknown host: " + where);
            }
            if (t instanceof NoRouteToHostException) {
                return Optional.of("no route to host: " + where);
            }
            if (t instanceof ConnectException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("refused")) {
                    return Optional.of("connection refused: " + where);
                }
                if (message.contains("timed out")) {
                    return Optional.of("connect timed out: " + where);
                }
                return Optional.of("cannot connect (" + oneLine(t.getMessage()) + "): " + where);
            }
            if (t instanceof SocketTimeoutException) {
                // The JDK's socket connect says "Connect timed out"; a read that timed out is no connect fault.
                boolean connecting = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
                return Optional.of(connecting ? "connect timed out: " + where : timedOut(where));
            }
            if (t instanceof TimeoutException) {
                return Optional.of(timedOut(where));
            }
        }
        return Optional.empty();
    }

    /** A peer that did not answer in time, for a protocol that tells so by its own status rather than an exception. */
    public static String timedOut(String where) {
        return "timed out: " + where;
    }

    /** A message on one line: a peer's text may hold line breaks, which would split a log line or a status. */
    public static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
