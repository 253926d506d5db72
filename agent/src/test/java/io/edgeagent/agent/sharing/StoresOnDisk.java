package io.edgeagent.agent.sharing;

import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineConfig;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The capacity store and the sharing rules in it, opened as the agent opens them at a start and closed as at a stop:
 * a test restarts the agent's memory by {@link #close} and {@link #open} again.
 */
final class StoresOnDisk implements AutoCloseable {

    private final Clock clock;
    private CapacityStore capacity;
    private SharingStore sharing;

    StoresOnDisk(Clock clock) {
        this.clock = clock;
    }

    /** The rules in force at a start with {@code config}, from the files under {@code dataDir}. */
    SharingOffers open(Path dataDir, AgentConfig config) {
        capacity = CapacityStore.open(dataDir.resolve("capacity"), clock);
        sharing = SharingStore.open(capacity, dataDir.resolve("sharing"), clock);
        return SharingOffers.open(config.agent().timezone(), config.sharing(), config.sourcePath().toString(),
                config.machines().stream().map(MachineConfig::id).toList(), sharing, clock);
    }

    /** The capacity store of the last {@link #open}. */
    CapacityStore capacity() {
        return capacity;
    }

    @Override
    public void close() {
        if (sharing != null) {
            sharing.close();
            capacity.close();
            sharing = null;
        }
    }
}
