/**
 * Idle capacity: from machine states, the sharing calendar and reservations to live idle windows,
 * forecast windows and hourly metering. Every component here is plain logic driven by the times it is
 * given (no threads, no clock of its own, no I/O), so each rule is tested without waiting; the agent
 * wires them to the ingest thread and the persistent store.
 */
package io.edgeagent.agent.capacity;
