package io.ballast.broker.consume;

import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;

/**
 * The header of PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361), wire format §2.4. Required fields
 * missing or unparsable answer INVALID_PARAMETER naming the field.
 *
 * @param maxMsgBytes Integer.MAX_VALUE when the client (4.9.x) sent none
 */
record PullRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset, int maxMsgNums,
                         PullSysFlag sysFlag, long commitOffset, long suspendTimeoutMillis, String subscription,
                         long subVersion, String expressionType, int maxMsgBytes) {

    static PullRequestHeader of(RemotingCommand request) throws RequestException {
        RequestHeader h = RequestHeader.of(request);
        return new PullRequestHeader(h.requiredString("consumerGroup"), h.requiredString("topic"),
                h.requiredInt("queueId"), h.requiredLong("queueOffset"), h.requiredInt("maxMsgNums"),
                new PullSysFlag(h.requiredInt("sysFlag")), h.requiredLong("commitOffset"),
                h.requiredLong("suspendTimeoutMillis"), h.optionalString("subscription", null),
                h.requiredLong("subVersion"), h.optionalString("expressionType", TagFilter.TAG),
                h.optionalInt("maxMsgBytes", Integer.MAX_VALUE));
    }
}
