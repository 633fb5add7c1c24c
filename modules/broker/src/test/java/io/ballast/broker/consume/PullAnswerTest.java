package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.ReadResult.Status;
import io.ballast.spi.store.StoredRecord;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every row of wire format §2.4's "store result → response" table. */
class PullAnswerTest {
    static final StoredRecord RECORD = new StoredRecord(5, 0, 0, ByteBuffer.allocate(8));

    static PullAnswer answer(Status status, List<StoredRecord> records, long next, long requested) {
        return PullAnswer.of(new PullRead(status, records, next, 2, 9), requested, false);
    }

    static void assertAnswer(int code, long next, PullAnswer answer) {
        assertEquals(code, answer.code());
        assertEquals(next, answer.nextBeginOffset());
    }

    @Test
    void foundIsSuccessWithTheOffsetAfterTheScan() {
        assertAnswer(ResponseCode.SUCCESS, 7, answer(Status.FOUND, List.of(RECORD), 7, 5));
    }

    @Test
    void allFilteredOutIsRetryImmediatelyAfterTheScan() {
        assertAnswer(ResponseCode.PULL_RETRY_IMMEDIATELY, 7, answer(Status.FOUND, List.of(), 7, 5));
    }

    @Test
    void caughtUpIsNotFoundAtTheRequestedOffset() {
        assertAnswer(ResponseCode.PULL_NOT_FOUND, 9, answer(Status.NO_NEW_MESSAGE, List.of(), 9, 9));
    }

    @Test
    void anUnknownQueueIsNotFoundAtZeroElseMovedToZero() {
        assertAnswer(ResponseCode.PULL_NOT_FOUND, 0, answer(Status.NO_SUCH_QUEUE, List.of(), 0, 0));
        assertAnswer(ResponseCode.PULL_OFFSET_MOVED, 0, answer(Status.NO_SUCH_QUEUE, List.of(), 0, 4));
    }

    @Test
    void tooSmallMovesToTheMinAndTooLargeToTheMax() {
        assertAnswer(ResponseCode.PULL_OFFSET_MOVED, 2, answer(Status.OFFSET_TOO_SMALL, List.of(), 2, 1));
        assertAnswer(ResponseCode.PULL_OFFSET_MOVED, 9, answer(Status.OFFSET_OVERFLOW_BADLY, List.of(), 9, 20));
    }

    @Test
    void aMissingEntryIsNotFoundAtTheStoresNextOffset() {
        assertAnswer(ResponseCode.PULL_NOT_FOUND, 6, answer(Status.OFFSET_FOUND_NULL, List.of(), 6, 5));
    }

    @Test
    void aSlaveNeverMovesTheConsumersOffset() {
        PullAnswer onSlave = PullAnswer.of(new PullRead(Status.OFFSET_TOO_SMALL, List.of(), 2, 2, 9), 1, true);
        assertAnswer(ResponseCode.PULL_RETRY_IMMEDIATELY, 1, onSlave);
    }
}
