/**
 * The store-and-forward outbox: every message the agent publishes is first committed to an H2 file in the
 * data dir, and deleted only once the broker has acknowledged it.
 *
 * <p>One writer thread owns all writes (inserts in batches, deletes of acknowledged rows), because batched
 * transactions are what keeps an SD card alive; readers see only committed rows. A table whose every row is
 * acknowledged, which is every table at each commit while the uplink keeps up, is emptied whole ({@code TRUNCATE}:
 * H2 lets go of its pages without reading or rewriting them); otherwise (a backlog, a late acknowledgement) the
 * acknowledged rows are deleted one by one ({@link io.edgeagent.agent.buffer.KnownRows}).
 */
package io.edgeagent.agent.buffer;
