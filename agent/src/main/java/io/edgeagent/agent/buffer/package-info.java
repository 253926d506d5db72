/**
 * The store-and-forward outbox: every message the agent publishes is first committed to an H2 file in the
 * data dir, and deleted only once the broker has acknowledged it.
 *
 * <p>One writer thread owns all writes (inserts in batches, deletes of acknowledged rows), because batched
 * transactions are what keeps an SD card alive; readers see only committed rows.
 */
package io.edgeagent.agent.buffer;
