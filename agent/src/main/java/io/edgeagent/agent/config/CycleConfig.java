package io.edgeagent.agent.config;

/**
 * What one cycle of the machine produces, for part estimates of offered windows ({@code cycle:}).
 *
 * @param nominalSeconds the expected cycle time in seconds, or {@code null} if unknown
 * @param cavities       parts per cycle (mould cavities), or {@code null} if unknown
 */
public record CycleConfig(Double nominalSeconds, Integer cavities) {
}
