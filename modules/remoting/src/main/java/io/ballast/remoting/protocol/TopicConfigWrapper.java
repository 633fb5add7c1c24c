package io.ballast.remoting.protocol;

import java.util.Map;

/** A broker's topic table with its version: in REGISTER_BROKER and GET_ALL_TOPIC_CONFIG bodies. */
public record TopicConfigWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
    public TopicConfigWrapper {
        topicConfigTable = topicConfigTable == null ? Map.of() : Map.copyOf(topicConfigTable);
        dataVersion = dataVersion == null ? DataVersion.first() : dataVersion;
    }
}
