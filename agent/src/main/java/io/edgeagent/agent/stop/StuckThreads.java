package io.edgeagent.agent.stop;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A short dump, for one log line, of threads that did not end when asked: each one's name, state, the lock it
 * waits for and the thread that holds it (followed, since that one is the real culprit), and its top frames. The
 * field defect this answers: a stop that hung for 30 minutes on a lock whose holder spun inside H2, and no log.
 */
public final class StuckThreads {

    /**
     * Frames per thread: the top one, then those of the agent and its libraries, enough to see where inside a library
     * it is, short enough for one line. The JDK's own frames between (a lock's or a latch's machinery) are left out.
     */
    static final int FRAMES = 6;
    /** Frames read per thread, to find {@link #FRAMES} beyond the JDK's. */
    private static final int FRAMES_READ = 32;
    /** Lock holders followed from a waiting thread: a chain longer than this is cut. */
    private static final int OWNERS_FOLLOWED = 3;

    private StuckThreads() {
    }

    /**
     * The threads, with the holders of the locks they wait for, as {@code name STATE [waiting for L held by O] at
     * f1 < f2 < ...}, separated by {@code "; "}.
     */
    public static String describe(List<Thread> threads) {
        Set<Long> ids = new LinkedHashSet<>();
        threads.stream().filter(Thread::isAlive).forEach(t -> ids.add(t.getId()));
        if (ids.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        Set<Long> shown = new LinkedHashSet<>();
        for (long id : ids) {
            long next = id;
            for (int hop = 0; hop <= OWNERS_FOLLOWED && next > 0 && shown.add(next); hop++) {
                ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {next}, false, false, FRAMES_READ)[0];
                if (info == null) {
                    break;
                }
                parts.add(line(info));
                next = info.getLockOwnerId();
            }
        }
        return String.join("; ", parts);
    }

    /** The live threads whose name starts with one of {@code prefixes}: a part's own workers. */
    public static List<Thread> named(List<String> prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> prefixes.stream().anyMatch(p -> t.getName().startsWith(p)))
                .toList();
    }

    private static String line(ThreadInfo info) {
        StringBuilder b = new StringBuilder(info.getThreadName()).append(' ').append(info.getThreadState());
        if (info.getLockName() != null) {
            b.append(" waiting for ").append(info.getLockName());
            if (info.getLockOwnerName() != null) {
                b.append(" held by ").append(info.getLockOwnerName());
            }
        }
        StackTraceElement[] frames = info.getStackTrace();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < frames.length && shown.size() < FRAMES; i++) {
            if (i == 0 || !isJdk(frames[i])) {
                shown.add(frame(frames[i]));
            }
        }
        if (!shown.isEmpty()) {
            b.append(" at ").append(String.join(" < ", shown));
        }
        return b.toString();
    }

    private static boolean isJdk(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.");
    }

    private static String frame(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName()
                + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "");
    }
}
