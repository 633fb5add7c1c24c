package io.ballast.broker.consume;

import io.ballast.remoting.protocol.ResponseCode;

/**
 * The response code, nextBeginOffset and remark for what a pull read (wire format §2.4, "Store
 * result → response"). The client commits nextBeginOffset on NO_NEW_MSG and freezes it on
 * OFFSET_ILLEGAL, so a wrong value here is lost or duplicated data. The remark is upstream's
 * store status name, which tools print.
 */
record PullAnswer(int code, long nextBeginOffset, String remark) {

    static PullAnswer of(PullRead read, long requestedOffset, boolean slave) {
        PullAnswer answer = switch (read.status()) {
            case FOUND -> read.records().isEmpty()
                    ? new PullAnswer(ResponseCode.PULL_RETRY_IMMEDIATELY, read.nextQueueOffset(), "NO_MATCHED_MESSAGE")
                    : new PullAnswer(ResponseCode.SUCCESS, read.nextQueueOffset(), "FOUND");
            case NO_NEW_MESSAGE -> new PullAnswer(ResponseCode.PULL_NOT_FOUND, requestedOffset, "OFFSET_OVERFLOW_ONE");
            case NO_SUCH_QUEUE -> new PullAnswer(requestedOffset == 0 ? ResponseCode.PULL_NOT_FOUND
                    : ResponseCode.PULL_OFFSET_MOVED, 0, "NO_MATCHED_LOGIC_QUEUE");
            case OFFSET_TOO_SMALL -> new PullAnswer(ResponseCode.PULL_OFFSET_MOVED, read.minQueueOffset(), "OFFSET_TOO_SMALL");
            case OFFSET_OVERFLOW_BADLY -> new PullAnswer(ResponseCode.PULL_OFFSET_MOVED, read.maxQueueOffset(), "OFFSET_OVERFLOW_BADLY");
            case OFFSET_FOUND_NULL -> new PullAnswer(ResponseCode.PULL_NOT_FOUND, read.nextQueueOffset(), "OFFSET_FOUND_NULL");
        };
        if (slave && answer.code == ResponseCode.PULL_OFFSET_MOVED) {
            // A slave may lag its master: its view of the queue is no reason to move the consumer's
            // offset. Retry (at the master, suggested by the caller) from the same place.
            return new PullAnswer(ResponseCode.PULL_RETRY_IMMEDIATELY, requestedOffset, answer.remark);
        }
        return answer;
    }
}
