package io.ballast.broker.send;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.broker.metadata.TopicNames;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;

/**
 * The checks a send's topic and queue pass before anything is stored, in upstream's order and
 * with its codes (wire format §2.3 steps 1–3): a bad name is INVALID_PARAMETER, a system topic
 * NO_PERMISSION, an unknown topic is auto-created or TOPIC_NOT_EXIST, a queue id past the
 * topic's queues INVALID_PARAMETER.
 */
final class SendTopics {
    private final TopicConfigs topics;

    SendTopics(TopicConfigs topics) {
        this.topics = topics;
    }

    TopicConfig resolve(SendHeader header, BrokerSettings settings) throws RequestException {
        String name = header.topic();
        String problem = TopicNames.problem(name).orElse(null);
        if (problem != null) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, problem);
        }
        if (TopicNames.isSystem(name)) {
            throw new RequestException(ResponseCode.NO_PERMISSION, "sending to the system topic " + name + " is forbidden");
        }
        TopicConfig topic = topics.findOrCreateForSend(name, header.defaultTopic(), header.defaultTopicQueueNums(), 0,
                settings.flag(BrokerKey.AUTO_CREATE_TOPIC_ENABLE)).orElseThrow(() -> new RequestException(
                ResponseCode.TOPIC_NOT_EXIST, "topic " + name + " does not exist on broker " + settings.brokerName()
                        + " and auto-creation " + (settings.flag(BrokerKey.AUTO_CREATE_TOPIC_ENABLE)
                        ? "from " + header.defaultTopic() + " is not possible" : "is off") + "; create it first"));
        int queues = Math.max(topic.readQueueNums(), topic.writeQueueNums());
        if (header.queueId() >= queues) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER,
                    "queue " + header.queueId() + " does not exist: topic " + name + " has " + queues + " queues");
        }
        return topic;
    }
}
