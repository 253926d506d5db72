package io.edgeagent.agent.uplink;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that failed inside the agent (a bug, a store that cannot be written, a stack overflow on a
 * pathological input). The requester is told only that, with a reference: the detail may quote SQL, file
 * paths or internals, so it goes to the agent's log under the same reference, for the service engineer.
 */
public final class InternalFailure {

    private static final Logger LOG = LoggerFactory.getLogger(InternalFailure.class);

    private InternalFailure() {
    }

    /**
     * Logs the failure, one line, and returns the reason to answer with.
     *
     * @param requestId the request's id, or {@code null} when not known
     * @param machine   the machine the request is about, or {@code null}
     */
    public static String report(String command, String requestId, String machine, Throwable failure) {
        String ref = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] where = root.getStackTrace();
        // The top frame says where; a whole stack trace (a thousand frames for a stack overflow) says no more.
        LOG.error("{}command {}{} failed, answered as internal error ref {}: {}{}",
                machine == null ? "" : "machine " + machine + ": ", command,
                requestId == null ? "" : " (request " + requestId + ")", ref, root,
                where.length == 0 ? "" : " at " + where[0]);
        return "internal error, see the agent log (ref " + ref + ")";
    }
}
