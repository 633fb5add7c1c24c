package io.ballast.spi.message;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * A message as a producer sent it, before the store gives it a place. Immutable, except that
 * the body array is shared, not copied: whoever builds a message hands the array over and must
 * not change it afterwards. The fields are those of RocketMQ's stored record that the producer
 * decides; the store adds queue offset, physical offset, store time and store host.
 */
public final class Message {
    private final String topic;
    private final int queueId;
    private final int flag;
    private final int sysFlag;
    private final long bornTimestamp;
    private final InetSocketAddress bornHost;
    private final int reconsumeTimes;
    private final Map<String, String> properties;
    private final byte[] body;

    private Message(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.queueId = b.queueId;
        this.flag = b.flag;
        this.sysFlag = b.sysFlag;
        this.bornTimestamp = b.bornTimestamp;
        this.bornHost = Objects.requireNonNull(b.bornHost, "bornHost");
        this.reconsumeTimes = b.reconsumeTimes;
        this.properties = Map.copyOf(b.properties);
        this.body = Objects.requireNonNull(b.body, "body");
    }

    public static Builder builder(String topic, byte[] body) {
        return new Builder(topic, body);
    }

    public String topic() { return topic; }

    public int queueId() { return queueId; }

    /** The user flag from the send header, stored as is. */
    public int flag() { return flag; }

    /** RocketMQ SYSFLAG bits: compression, transaction type, IPv6 hosts. */
    public int sysFlag() { return sysFlag; }

    public long bornTimestamp() { return bornTimestamp; }

    public InetSocketAddress bornHost() { return bornHost; }

    public int reconsumeTimes() { return reconsumeTimes; }

    /** Unmodifiable; see {@link MessageProperties} for the well-known keys. */
    public Map<String, String> properties() { return properties; }

    public String property(String key) { return properties.get(key); }

    /** The body exactly as sent (compressed if the client compressed it). Do not modify. */
    public byte[] body() { return body; }

    /** The client's message id ({@code UNIQ_KEY}), or null if the producer set none. */
    public String uniqueKey() { return properties.get(MessageProperties.UNIQ_KEY); }

    /** A builder that starts from this message, to derive a changed copy (retry, DLQ, delay). */
    public Builder toBuilder() {
        return new Builder(topic, body).queueId(queueId).flag(flag).sysFlag(sysFlag)
                .bornTimestamp(bornTimestamp).bornHost(bornHost).reconsumeTimes(reconsumeTimes)
                .properties(properties);
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", queueId=" + queueId + ", bodyLength=" + body.length
                + ", properties=" + properties + "]";
    }

    /** Builds a {@link Message}; topic and body are required, the rest default to zero/empty. */
    public static final class Builder {
        /** Shared: building an address per message showed up in a crash-test profile. */
        private static final InetSocketAddress UNKNOWN_BORN_HOST = new InetSocketAddress("127.0.0.1", 0);

        private String topic;
        private byte[] body;
        private int queueId;
        private int flag;
        private int sysFlag;
        private long bornTimestamp;
        private InetSocketAddress bornHost = UNKNOWN_BORN_HOST;
        private int reconsumeTimes;
        private Map<String, String> properties = Map.of();

        private Builder(String topic, byte[] body) {
            this.topic = topic;
            this.body = body;
        }

        public Builder topic(String topic) { this.topic = topic; return this; }

        public Builder body(byte[] body) { this.body = body; return this; }

        public Builder queueId(int queueId) { this.queueId = queueId; return this; }

        public Builder flag(int flag) { this.flag = flag; return this; }

        public Builder sysFlag(int sysFlag) { this.sysFlag = sysFlag; return this; }

        public Builder bornTimestamp(long bornTimestamp) { this.bornTimestamp = bornTimestamp; return this; }

        public Builder bornHost(InetSocketAddress bornHost) { this.bornHost = bornHost; return this; }

        public Builder reconsumeTimes(int reconsumeTimes) { this.reconsumeTimes = reconsumeTimes; return this; }

        public Builder properties(Map<String, String> properties) { this.properties = properties; return this; }

        public Message build() {
            return new Message(this);
        }
    }
}
