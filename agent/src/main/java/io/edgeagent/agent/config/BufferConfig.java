package io.edgeagent.agent.config;

/**
 * The store-and-forward buffer ({@code buffer:}).
 *
 * @param maxDiskMb disk budget in MB, at least 16, default 512; beyond it the oldest telemetry is dropped
 *                  first, state, windows and metering are kept
 */
public record BufferConfig(int maxDiskMb) {

    public static final BufferConfig DEFAULT = new BufferConfig(512);
}
