package io.edgeagent.drivers.testsupport;

import java.time.Duration;
import java.util.List;

/** Finds threads by name, to prove that a component stopped the threads it started. */
public final class Threads {

    private Threads() {
    }

    /** Live threads whose name starts with the prefix, after giving each up to the timeout to finish exiting. */
    public static List<String> aliveAfter(String prefix, Duration timeout) {
        List<Thread> matching = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .toList();
        for (Thread thread : matching) {
            try {
                // A pool thread can still be unwinding for a moment after its executor reports termination.
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return matching.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
