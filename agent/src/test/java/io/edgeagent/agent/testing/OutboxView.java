package io.edgeagent.agent.testing;

import io.edgeagent.agent.buffer.BufferReader;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.controlsocket.AgentView;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.ingest.ReadingListener;
import io.edgeagent.agent.state.StateExplanation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A running agent of which the control socket sees only the outbox: no machines, no status, no readings. */
public record OutboxView(Outbox outbox) implements AgentView {

    @Override
    public Map<String, List<String>> configured() {
        return Map.of();
    }

    @Override
    public CompletableFuture<AgentStatus> status() {
        return CompletableFuture.failedFuture(new IllegalStateException("only the buffer is shown"));
    }

    @Override
    public CompletableFuture<List<MachineSnapshot>> machines() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<Optional<StateExplanation>> explain(String machineId) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<List<CapacityPicture>> windows() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public Optional<BufferReader> buffer() {
        return Optional.of(outbox);
    }

    @Override
    public void addListener(ReadingListener listener) {
    }

    @Override
    public void removeListener(ReadingListener listener) {
    }
}
