package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** When the writer may empty a class's table whole: only when every row it holds is acknowledged. */
class KnownRowsTest {

    @Test
    void unknownUntilLearntSoNothingIsEmptiedOfAFileOpenedWithRows() {
        KnownRows rows = new KnownRows();
        rows.committed(false, messages(1, 2), List.of());
        assertFalse(rows.known());
        assertFalse(rows.allAcknowledged(messages(1, 2)), "rows from before the start may be in the table");
    }

    @Test
    void emptiedOnlyWhenTheAcknowledgementsCoverEveryRow() {
        KnownRows rows = new KnownRows();
        rows.learn(messages(1, 2, 3));
        assertFalse(rows.allAcknowledged(messages(1, 2)));
        assertTrue(rows.allAcknowledged(messages(3, 1, 2)));
        assertEquals(3 * OutboxWrites.rowSize(message(1)), rows.bytesOf(messages(1, 2, 3, 4)),
                "the bytes of the table's rows, not of a message it does not hold");
    }

    @Test
    void anAcknowledgementTwiceOrOfARowNotHeldDoesNotCountForAnother() {
        KnownRows rows = new KnownRows();
        rows.learn(messages(1, 2, 3));
        assertFalse(rows.allAcknowledged(messages(1, 1, 2)), "row 3 is not acknowledged");
        assertFalse(rows.allAcknowledged(messages(1, 2, 4)), "row 3 is not acknowledged");
        assertEquals(2 * OutboxWrites.rowSize(message(1)), rows.bytesOf(messages(1, 1, 2)), "each row counted once");
    }

    @Test
    void followsWhatEachCommitInsertedAndDeleted() {
        KnownRows rows = new KnownRows();
        rows.learn(messages(1, 2));
        rows.committed(false, messages(5, 6), messages(1));
        assertFalse(rows.allAcknowledged(messages(5, 6)), "row 2 is still there");
        assertTrue(rows.allAcknowledged(messages(2, 5, 6)));
        rows.committed(true, messages(9), messages(2, 5, 6));
        assertTrue(rows.known());
        assertTrue(rows.allAcknowledged(messages(9)), "after emptying, the table holds what was inserted after");
    }

    @Test
    void forgottenAfterADropAndBeyondWhatItKeeps() {
        KnownRows rows = new KnownRows();
        rows.learn(messages(1));
        rows.forget();
        assertFalse(rows.allAcknowledged(messages(1)));

        rows.learn(List.of());
        rows.committed(false, messages(LongStream.rangeClosed(1, KnownRows.MAX_KNOWN + 1).toArray()), List.of());
        assertFalse(rows.known(), "a backlog is deleted row by row");
        rows.learn(messages(7));
        assertTrue(rows.known(), "until the writer finds the table holding only its last batch again");
        assertTrue(rows.allAcknowledged(messages(7)));
    }

    private static List<OutgoingMessage> messages(long... seqs) {
        List<OutgoingMessage> out = new ArrayList<>();
        for (long seq : seqs) {
            out.add(message(seq));
        }
        return out;
    }

    private static OutgoingMessage message(long seq) {
        return new OutgoingMessage(seq, MessageClass.TELEMETRY, "t/telemetry", 1, false,
                "{\"v\":1}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }
}
