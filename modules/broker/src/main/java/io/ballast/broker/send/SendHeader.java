package io.ballast.broker.send;

import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.Versions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The custom header of SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320),
 * wire format §2.3. V2 and batch requests carry the same fields under one-letter keys; they are
 * mapped to the V1 names here and nowhere else, so a remark about a bad field names it by its
 * V1 name.
 *
 * @param maxReconsumeTimes only present when the client set it and its version (≥ 3.4.9) means it
 */
public record SendHeader(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums,
                         int queueId, int sysFlag, long bornTimestamp, int flag, String properties,
                         int reconsumeTimes, boolean unitMode, OptionalInt maxReconsumeTimes, boolean batch) {

    /** V2 key → V1 field name, as upstream's SendMessageRequestHeaderV2 assigns the letters. */
    private static final Map<String, String> V2_KEYS = Map.ofEntries(
            Map.entry("a", "producerGroup"), Map.entry("b", "topic"), Map.entry("c", "defaultTopic"),
            Map.entry("d", "defaultTopicQueueNums"), Map.entry("e", "queueId"), Map.entry("f", "sysFlag"),
            Map.entry("g", "bornTimestamp"), Map.entry("h", "flag"), Map.entry("i", "properties"),
            Map.entry("j", "reconsumeTimes"), Map.entry("k", "unitMode"), Map.entry("l", "maxReconsumeTimes"),
            Map.entry("m", "batch"), Map.entry("n", "brokerName"));

    public static SendHeader of(RemotingCommand request) throws RequestException {
        RequestHeader h = RequestHeader.of(request.code() == RequestCode.SEND_MESSAGE ? request : withV1Names(request));
        OptionalInt maxReconsumeTimes = h.has("maxReconsumeTimes") && request.version() >= Versions.V3_4_9
                ? OptionalInt.of(h.optionalInt("maxReconsumeTimes", 0)) : OptionalInt.empty();
        return new SendHeader(h.requiredString("producerGroup"), h.requiredString("topic"),
                h.requiredString("defaultTopic"), h.requiredInt("defaultTopicQueueNums"),
                h.requiredInt("queueId"), h.requiredInt("sysFlag"), h.requiredLong("bornTimestamp"),
                h.requiredInt("flag"), h.optionalString("properties", ""), h.optionalInt("reconsumeTimes", 0),
                h.optionalBoolean("unitMode", false), maxReconsumeTimes,
                h.optionalBoolean("batch", request.code() == RequestCode.SEND_BATCH_MESSAGE));
    }

    /**
     * The request's fields under V1 names. RequestHeader reads a command's extFields, so the
     * renamed fields travel in a header-only command that is never sent.
     */
    private static RemotingCommand withV1Names(RemotingCommand request) {
        Map<String, String> v1 = new LinkedHashMap<>();
        request.extFields().forEach((key, value) -> v1.put(V2_KEYS.getOrDefault(key, key), value));
        return RemotingCommand.builder().code(request.code()).version(request.version()).extFields(v1).build();
    }
}
