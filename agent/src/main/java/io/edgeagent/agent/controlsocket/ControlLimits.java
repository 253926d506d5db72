package io.edgeagent.agent.controlsocket;

import java.time.Duration;
import java.util.Objects;

/**
 * How much the control socket takes on at once, and how long it waits for a client. A client waiting to be read
 * holds no thread, so these bound what stuck or hostile local clients can take, and {@code status} gets through all
 * the same.
 *
 * @param requests     requests answered at once, each on a thread of its own; the last free one only for
 *                     {@code status}
 * @param tails        tails streaming at once, apart from the requests
 * @param waiting      connections waiting for their next request; a new one beyond it pushes out the one that has
 *                     waited longest
 * @param firstRequest how long a new connection may take to send a complete request
 * @param nextRequest  how long a connection may take, after an answer, to send its next request
 * @param write        how long an answer may wait for a client that does not read it
 */
record ControlLimits(int requests, int tails, int waiting, Duration firstRequest, Duration nextRequest, Duration write) {

    static final ControlLimits DEFAULT = new ControlLimits(
            // As many as before tails and idle clients had their own bounds: answers take milliseconds.
            8,
            // A tail is a person watching a terminal: a few at once are plenty, and each holds a thread for its life.
            4,
            // A waiting connection costs a file descriptor and a request's bytes; the agent needs its descriptors.
            64,
            // The CLI sends its request the moment it connects: only a stuck or hostile client takes longer.
            Duration.ofSeconds(10),
            // buffer export asks page after page and may wait meanwhile for a slow reader of its output (less).
            Duration.ofMinutes(5),
            // The CLI reads its answer at once; a client that does not must not keep a thread for long.
            Duration.ofSeconds(10));

    ControlLimits {
        if (requests < 2 || tails < 1 || waiting < 1) {
            throw new IllegalArgumentException("the control socket needs 2 request threads (one kept for status),"
                    + " 1 tail and 1 waiting client at least");
        }
        Objects.requireNonNull(firstRequest, "firstRequest");
        Objects.requireNonNull(nextRequest, "nextRequest");
        Objects.requireNonNull(write, "write");
    }
}
