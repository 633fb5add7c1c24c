package io.ballast.broker.admin;

import io.ballast.broker.metadata.TopicNames;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The header of UPDATE_AND_CREATE_TOPIC as mqadmin updateTopic sends it ({@code topic},
 * {@code defaultTopic}, {@code readQueueNums}, {@code writeQueueNums}, {@code perm},
 * {@code topicFilterType}, {@code topicSysFlag}, {@code order}, and since 5.x {@code attributes}
 * as "+key=value,+key2=value2"), checked into the topic it describes.
 */
final class TopicRequest {
    /** More queues than this is a typo, not a plan; upstream's tools stop far lower too. */
    static final int MAX_QUEUES = 1024;
    private static final int ALL_PERM = Perm.INHERIT | Perm.WRITE | Perm.READ | Perm.PRIORITY;
    private static final Set<String> FILTER_TYPES = Set.of("SINGLE_TAG", "MULTI_TAG");

    private TopicRequest() {
    }

    static TopicConfig parse(RequestHeader header) throws RequestException {
        String topic = header.requiredString("topic");
        String problem = TopicNames.problem(topic).orElse(null);
        if (problem != null) {
            throw invalid(problem);
        }
        if (TopicNames.isSystem(topic)) {
            throw invalid("topic " + topic + " is a system topic and cannot be created or changed");
        }
        int readQueues = queues(header, "readQueueNums");
        int writeQueues = queues(header, "writeQueueNums");
        int perm = header.requiredInt("perm");
        if ((perm & ~ALL_PERM) != 0) {
            throw invalid("perm " + perm + " has bits other than READ 4, WRITE 2, INHERIT 1, PRIORITY 8");
        }
        String filterType = header.requiredString("topicFilterType");
        if (!FILTER_TYPES.contains(filterType)) {
            throw invalid("topicFilterType " + filterType + " is neither SINGLE_TAG nor MULTI_TAG");
        }
        int sysFlag = header.optionalInt("topicSysFlag", 0);
        boolean order = header.requiredBoolean("order");
        Map<String, String> attributes = attributes(header.optionalString("attributes", ""));
        return new TopicConfig(topic, readQueues, writeQueues, perm, filterType, sysFlag, order, attributes);
    }

    private static int queues(RequestHeader header, String field) throws RequestException {
        int n = header.requiredInt(field);
        if (n < 1 || n > MAX_QUEUES) {
            throw invalid(field + " " + n + " is outside 1.." + MAX_QUEUES);
        }
        return n;
    }

    /** "+k=v,+k2=v2" (5.x attribute syntax); a "-k" entry (removal) adds nothing. */
    static Map<String, String> attributes(String text) throws RequestException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty() || e.startsWith("-")) {
                continue;
            }
            int eq = e.indexOf('=');
            if (!e.startsWith("+") || eq < 2) {
                throw invalid("attribute '" + e + "' is not of the form +key=value");
            }
            attributes.put(e.substring(1, eq), e.substring(eq + 1));
        }
        return attributes;
    }

    private static RequestException invalid(String remark) {
        return new RequestException(ResponseCode.INVALID_PARAMETER, remark);
    }
}
