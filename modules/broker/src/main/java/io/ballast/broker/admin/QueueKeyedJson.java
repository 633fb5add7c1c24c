package io.ballast.broker.admin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.ballast.remoting.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the bodies of GET_TOPIC_STATS_INFO and GET_CONSUME_STATS, whose tables upstream keys by
 * a MessageQueue object. fastjson (the client's parser, 1.2.69 in 4.9.x tools and 1.2.83 in
 * 5.3.x) writes and reads such a key as a JSON object standing where a name would:
 *
 * <pre>
 * {"consumeTps":0.0,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"brokerOffset":3,...},...}}
 *                                  ^ key: a MessageQueue object           ^ value: an ordinary object
 * </pre>
 *
 * That is not JSON, so no JSON library writes it; this class writes the key objects by hand
 * (names sorted, as fastjson writes them) and lets Jackson write everything else. Top-level
 * fields are written in name order, so {@code offsetTable} goes last whatever else is added.
 */
final class QueueKeyedJson {

    private QueueKeyedJson() {
    }

    /**
     * @param fields ordinary fields of the body (numbers, strings, objects), written by Jackson
     * @param tableName the field holding the queue-keyed table
     * @param table queue → value object
     */
    static byte[] write(Map<String, ?> fields, String tableName, Map<MessageQueue, ?> table) {
        SortedMap<String, Object> all = new TreeMap<>(fields);
        all.put(tableName, null); // placeholder: keeps the name order, written below
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> field : all.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendString(json, field.getKey());
            json.append(':');
            if (field.getKey().equals(tableName)) {
                appendTable(json, table);
            } else {
                json.append(value(field.getValue()));
            }
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendTable(StringBuilder json, Map<MessageQueue, ?> table) {
        json.append('{');
        boolean first = true;
        for (Map.Entry<MessageQueue, ?> entry : new TreeMap<>(table).entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            MessageQueue queue = entry.getKey();
            json.append("{\"brokerName\":");
            appendString(json, queue.brokerName());
            json.append(",\"queueId\":").append(queue.queueId()).append(",\"topic\":");
            appendString(json, queue.topic());
            json.append("}:").append(value(entry.getValue()));
        }
        json.append('}');
    }

    private static void appendString(StringBuilder json, String s) {
        json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }

    private static String value(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }
}
