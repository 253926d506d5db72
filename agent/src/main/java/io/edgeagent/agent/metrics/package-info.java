/**
 * The Prometheus endpoint ({@code metrics.listen}): what {@code edge-agent status} reads of the running agent,
 * through the same {@code controlsocket.AgentView}, and the JVM's memory, threads and GC, in the Prometheus text
 * format at {@code /metrics} over the JDK's own HTTP server. Read-only, and nothing but {@code /metrics}; off unless
 * the config asks for it. Not the platform's {@code cmd/status} over MQTT ({@code platform}).
 */
package io.edgeagent.agent.metrics;
