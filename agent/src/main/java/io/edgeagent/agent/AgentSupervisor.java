package io.edgeagent.agent;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.platform.ConfigReloader;
import io.edgeagent.agent.platform.ReloadOutcome;
import io.edgeagent.agent.stop.StopBudget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one agent running on the config file and restarts it on a changed, valid file when asked
 * ({@code reload-config}). A file with problems never replaces the config in force: the agent keeps
 * running on its last good one, and the problems go back to whoever asked. The restart runs on its own
 * thread, {@code config-reload}, after the answer has left through the agent that is being replaced.
 */
public final class AgentSupervisor implements ConfigReloader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSupervisor.class);
    private static final int PROBLEMS_IN_ANSWER = 5;
    /** Long enough for the answer to reach the broker before the uplink that carries it stops. */
    private static final Duration ANSWER_GRACE = Duration.ofMillis(500);

    private final Path file;
    private final Clock clock;
    private final UnaryOperator<AgentConfig> asRun;
    private EdgeAgent agent;
    private AgentConfig config;
    private int generation;
    private Thread restart;
    private boolean closed;
    /** Counted down by {@link #close}: ends a restart's grace, which an interrupt must not (see {@link #close}). */
    private final CountDownLatch closing = new CountDownLatch(1);

    private AgentSupervisor(Path file, Clock clock, UnaryOperator<AgentConfig> asRun) {
        this.file = file;
        this.clock = clock;
        this.asRun = asRun;
    }

    /** Starts the agent on {@code config}, read from {@code file}. */
    public static AgentSupervisor start(Path file, AgentConfig config, Clock clock) {
        return start(file, config, clock, UnaryOperator.identity());
    }

    /**
     * Starts the agent on {@code config}, read from {@code file} and changed by {@code asRun}, which changes every
     * config read again on {@code reload-config} the same way (the demo's {@code --data-dir}).
     */
    public static AgentSupervisor start(Path file, AgentConfig config, Clock clock, UnaryOperator<AgentConfig> asRun) {
        AgentSupervisor supervisor = new AgentSupervisor(file, clock, asRun);
        synchronized (supervisor) {
            supervisor.config = config;
            supervisor.agent = EdgeAgent.start(config, clock, supervisor);
        }
        return supervisor;
    }

    @Override
    public synchronized ReloadOutcome reload() {
        AgentConfig next;
        try {
            next = asRun.apply(ConfigLoader.load(file));
        } catch (ConfigException e) {
            String problems = e.problems().stream().limit(PROBLEMS_IN_ANSWER).map(Object::toString)
                    .collect(Collectors.joining("; "));
            LOG.warn("reload-config: {} has {} problems; keeping the config in force", file, e.problems().size());
            return new ReloadOutcome(ReloadOutcome.Result.INVALID, null, e.problems().size() + " problems, first: "
                    + problems + "; the agent keeps running on its last good config");
        }
        if (next.sourceHash().equals(config.sourceHash())) {
            return new ReloadOutcome(ReloadOutcome.Result.UNCHANGED, next.sourceHash(), "the agent runs this file already");
        }
        if (restart != null && restart.isAlive()) {
            return new ReloadOutcome(ReloadOutcome.Result.RESTARTING, next.sourceHash(), "a restart is under way");
        }
        restart = new Thread(() -> restartOn(next), "config-reload");
        restart.start();
        return new ReloadOutcome(ReloadOutcome.Result.RESTARTING, next.sourceHash(),
                "restarting on " + file + " (config hash " + next.sourceHash().substring(0, 12) + ")");
    }

    private void restartOn(AgentConfig next) {
        try {
            if (closing.await(ANSWER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            LOG.info("reload-config: restarting the agent on the changed {}", file);
            agent.close();
            try {
                agent = EdgeAgent.start(next, clock, this);
                config = next;
            } catch (RuntimeException e) {
                LOG.error("reload-config: the agent did not start on the new config ({}); back to the last good one",
                        e.getMessage());
                agent = EdgeAgent.start(config, clock, this);
            }
            generation++;
            notifyAll();
        }
    }

    /** Waits until the agent has been restarted {@code count} times in all, or the timeout ends. */
    public synchronized boolean awaitRestarts(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The config in force. */
    public synchronized AgentConfig config() {
        return config;
    }

    /**
     * Stops the agent. A restart under way is not interrupted: it may be inside the buffer's file I/O, and an
     * interrupt there closes H2's store; it is waited for, at most one agent's bounded stop.
     */
    @Override
    public void close() {
        Thread pending;
        closing.countDown();
        synchronized (this) {
            closed = true;
            pending = restart;
        }
        if (pending != null) {
            try {
                pending.join(StopBudget.TOTAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            agent.close();
        }
    }
}
