package io.edgeagent.agent.controlsocket;

import io.edgeagent.agent.buffer.BufferReader;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.ingest.ReadingListener;
import io.edgeagent.agent.sharing.SharingRule;
import io.edgeagent.agent.state.StateExplanation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the control endpoint may read of the running agent. Answers about machines are gathered on the
 * thread that owns them, so each one is a single consistent moment; none of them changes anything.
 */
public interface AgentView {

    /** The configured machines in config order, each with its signal names in file order. */
    Map<String, List<String>> configured();

    CompletableFuture<AgentStatus> status();

    /** Every machine, in config order. */
    CompletableFuture<List<MachineSnapshot>> machines();

    /** Why a machine is in its state; empty for a machine that is not configured. */
    CompletableFuture<Optional<StateExplanation>> explain(String machineId);

    /** Every machine's open live window, forecast windows and reservations, in config order. */
    CompletableFuture<List<CapacityPicture>> windows();

    /**
     * Every machine's sharing rules, each with where it came from (a file line, or the platform's version and
     * time), in config order; read on the asking client's thread, as the rules are one immutable snapshot.
     */
    default Map<String, List<SharingRule>> sharingRules() {
        return Map.of();
    }

    /**
     * The outbox, read on the asking client's thread (H2 serves a reader beside the writer); empty for a view
     * that has no buffer to show.
     */
    default Optional<BufferReader> buffer() {
        return Optional.empty();
    }

    /** Starts showing {@code listener} every reading; see {@link ReadingListener} for what it must not do. */
    void addListener(ReadingListener listener);

    void removeListener(ReadingListener listener);
}
