package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.ReadResult.Status;
import io.ballast.spi.store.Watermarks;
import java.util.List;
import org.junit.jupiter.api.Test;

class UndispatchedTailTest {
    private static final long RECORD = UndispatchedTail.RECORD_BYTES_AT_LEAST;

    private static PullRead overflow(long maxQueueOffset) {
        return new PullRead(Status.OFFSET_OVERFLOW_BADLY, List.of(), maxQueueOffset, 0, maxQueueOffset);
    }

    @Test
    void aGapTheUndispatchedBytesCouldFillWaitsAtTheConsumersOwnOffset() {
        // 10 records' worth of commitlog not yet in any queue; the consumer is 10 past the queue's end.
        Watermarks marks = new Watermarks(5_000 + 10 * RECORD, 5_000, 5_000);
        PullRead read = UndispatchedTail.awaitIfLagging(overflow(40), 50, marks);

        assertEquals(Status.NO_NEW_MESSAGE, read.status());
        assertEquals(50, read.nextQueueOffset());
        PullAnswer answer = PullAnswer.of(read, 50, false);
        assertEquals(ResponseCode.PULL_NOT_FOUND, answer.code(), "held or answered 'no new message', not moved");
        assertEquals(50, answer.nextBeginOffset(), "the consumer keeps its offset");
    }

    @Test
    void aGapWiderThanTheUndispatchedBytesCouldFillIsABadOffsetMovedToTheQueuesEnd() {
        Watermarks marks = new Watermarks(5_000 + 10 * RECORD, 5_000, 5_000);
        PullRead read = overflow(40);

        assertSame(read, UndispatchedTail.awaitIfLagging(read, 51, marks));
        PullAnswer answer = PullAnswer.of(read, 51, false);
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, answer.code());
        assertEquals(40, answer.nextBeginOffset());
    }

    @Test
    void withEverythingDispatchedAnOverflowIsMovedAsBefore() {
        PullRead read = overflow(40);
        assertSame(read, UndispatchedTail.awaitIfLagging(read, 41, new Watermarks(9_000, 9_000, 9_000)));
    }

    @Test
    void otherReadsAreLeftAlone() {
        Watermarks lagging = new Watermarks(1_000_000, 0, 0);
        PullRead found = new PullRead(Status.FOUND, List.of(), 7, 0, 9);
        PullRead none = new PullRead(Status.NO_NEW_MESSAGE, List.of(), 9, 0, 9);
        PullRead tooSmall = new PullRead(Status.OFFSET_TOO_SMALL, List.of(), 3, 3, 9);
        assertSame(found, UndispatchedTail.awaitIfLagging(found, 5, lagging));
        assertSame(none, UndispatchedTail.awaitIfLagging(none, 9, lagging));
        assertSame(tooSmall, UndispatchedTail.awaitIfLagging(tooSmall, 1, lagging));
    }
}
