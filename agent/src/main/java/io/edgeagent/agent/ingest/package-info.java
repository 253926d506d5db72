/**
 * Ingest: where readings and driver health from every machine meet. One bounded queue and one thread
 * ({@code ingest}) feed each machine's state tracker and telemetry batch, and hand what comes out to a
 * {@link io.edgeagent.agent.ingest.FeedSink} (in the agent, the JSON feed's, which writes the outbox). Drivers
 * never wait on it: when the queue is full, readings are dropped and counted.
 */
package io.edgeagent.agent.ingest;
