package io.ballast.remoting.protocol;

import java.util.List;

/** The body of REGISTER_BROKER in its plain (uncompressed) JSON form (wire format §2.2). */
public record RegisterBrokerBody(TopicConfigWrapper topicConfigSerializeWrapper, List<String> filterServerList) {
    public RegisterBrokerBody {
        topicConfigSerializeWrapper = topicConfigSerializeWrapper == null
                ? new TopicConfigWrapper(null, null) : topicConfigSerializeWrapper;
        filterServerList = filterServerList == null ? List.of() : List.copyOf(filterServerList);
    }
}
