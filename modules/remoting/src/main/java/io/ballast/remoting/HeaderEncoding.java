package io.ballast.remoting;

/**
 * How a command's header is encoded on the wire: the high byte of the frame's second int.
 * A response is encoded the way its request was, so a client configured for either type reads
 * our answers without depending on its decoder accepting the other one.
 */
public enum HeaderEncoding {
    /** fastjson-shaped JSON, the default of every official client. */
    JSON(0, new JsonHeaderCodec()),
    /** upstream's fixed-layout binary header ({@code rocketmq.serialize.type=ROCKETMQ}). */
    ROCKETMQ(1, new RocketMqHeaderCodec());

    private final int typeByte;
    private final HeaderCodec codec;

    HeaderEncoding(int typeByte, HeaderCodec codec) {
        this.typeByte = typeByte;
        this.codec = codec;
    }

    public int typeByte() {
        return typeByte;
    }

    HeaderCodec codec() {
        return codec;
    }

    /** @return the encoding with this type byte, or null for a type no RocketMQ peer sends */
    public static HeaderEncoding ofTypeByte(int typeByte) {
        return switch (typeByte) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> null;
        };
    }
}
