package io.ballast.broker.send;

import io.ballast.remoting.RemotingCommand;

/**
 * The answer to a send that stored its message (wire format §2.3): the status code, and every
 * field the client unboxes without a null check — msgId, queueId, queueOffset — plus MSG_REGION
 * and TRACE_ON, which the client reads straight from extFields.
 */
public final class SendResponse {
    /** Upstream's default regionId; the client copies it into its send result. */
    public static final String REGION = "DefaultRegion";
    static final String MSG_REGION = "MSG_REGION";
    static final String TRACE_ON = "TRACE_ON";

    private SendResponse() {
    }

    /**
     * @param queueId       the queue the producer addressed (for a delayed message, its real queue,
     *                      not the schedule queue), as upstream answers
     * @param transactionId the UNIQ_KEY, or null for a batch
     */
    public static RemotingCommand of(RemotingCommand request, DurableAppend.Appended appended, int queueId,
                                     String transactionId) {
        RemotingCommand.Builder response = RemotingCommand.responseTo(request, appended.status().responseCode())
                .extField("msgId", String.join(",", appended.result().messageIds()))
                .extField("queueId", Integer.toString(queueId))
                .extField("queueOffset", Long.toString(appended.result().queueOffset()))
                .extField(MSG_REGION, REGION)
                .extField(TRACE_ON, "true");
        if (transactionId != null) {
            response.extField("transactionId", transactionId);
        }
        return response.build();
    }
}
