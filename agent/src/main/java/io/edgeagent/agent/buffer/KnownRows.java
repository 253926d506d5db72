package io.edgeagent.agent.buffer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of one class's table, while the writer knows every one of them, so that once the broker has acknowledged
 * them all the table can be emptied whole ({@code TRUNCATE}, which lets go of H2's pages without reading or rewriting
 * them) instead of row by row: deleting acknowledged rows one at a time was over a quarter of what the writer spent in
 * H2 per message (the uplink acknowledges a batch well before the next one commits, so at a steady flow every row is).
 *
 * <p>Known once the table held nothing but the writer's last batch ({@link #learn}); then every row committed is
 * added and every row deleted is removed, as the commit that did it returned. Forgotten when rows go another way (the
 * budget's or the age limit's drops, a failed write), or when there are more than {@link #MAX_KNOWN} (a backlog, which
 * is deleted row by row as before), until the table holds only the writer's last batch again. Writer thread only.
 */
final class KnownRows {

    /** Ten seconds of a 500-machine fleet's telemetry; a few hundred kB of heap at most. */
    static final int MAX_KNOWN = 5_000;

    private final Set<Long> seqs = new HashSet<>();
    private boolean known;

    boolean known() {
        return known;
    }

    /**
     * Whether {@code acked} (messages of this class) covers every row of the table, and there is one: the table may then
     * be emptied whole.
     */
    boolean allAcknowledged(List<OutgoingMessage> acked) {
        return known && !seqs.isEmpty() && acked.size() >= seqs.size() && covered(acked).rows() == seqs.size();
    }

    /** What the rows of the table among {@code acked} take, each counted once, as {@link OutboxWrites#rowSize} counts. */
    long bytesOf(List<OutgoingMessage> acked) {
        return covered(acked).bytes();
    }

    private record Covered(int rows, long bytes) {
    }

    /** The rows of the table among {@code acked}, each once: an acknowledgement can come twice (a publish sent again). */
    private Covered covered(List<OutgoingMessage> acked) {
        Set<Long> seen = new HashSet<>();
        long bytes = 0;
        for (OutgoingMessage m : acked) {
            if (seqs.contains(m.seq()) && seen.add(m.seq())) {
                bytes += OutboxWrites.rowSize(m);
            }
        }
        return new Covered(seen.size(), bytes);
    }

    /** A commit returned that inserted {@code inserted} and deleted {@code deleted} (or emptied the table first). */
    void committed(boolean emptied, List<OutgoingMessage> inserted, List<OutgoingMessage> deleted) {
        if (emptied) {
            seqs.clear();
            known = true;
        }
        if (!known) {
            return;
        }
        for (OutgoingMessage m : deleted) {
            seqs.remove(m.seq());
        }
        for (OutgoingMessage m : inserted) {
            seqs.add(m.seq());
        }
        if (seqs.size() > MAX_KNOWN) {
            forget();
        }
    }

    /**
     * The table holds no row below {@code inserted}'s, the rows the last commit added (the writer hands them out in
     * order): it holds exactly those.
     */
    void learn(List<OutgoingMessage> inserted) {
        seqs.clear();
        for (OutgoingMessage m : inserted) {
            seqs.add(m.seq());
        }
        known = seqs.size() <= MAX_KNOWN;
        if (!known) {
            seqs.clear();
        }
    }

    /** Rows went another way than a commit of the writer's batch (a drop): no longer known. */
    void forget() {
        seqs.clear();
        known = false;
    }
}
