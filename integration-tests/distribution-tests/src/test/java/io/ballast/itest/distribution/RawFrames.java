package io.ballast.itest.distribution;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RocketMQ remoting frames built and read byte by byte, with no client library: what the fuzz test
 * writes (and mutates) and how it checks the broker's answers.
 *
 * <pre>
 * int frameLength (= 4 + header + body) | int (type << 24 | headerLength) | header | body
 * </pre>
 */
final class RawFrames {
    private static final Pattern CODE = Pattern.compile("\"code\":(-?\\d+)");

    /** A decoded answer: its code, its JSON header text and its body. */
    record Answer(int code, String header, byte[] body) {
        String extField(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(header);
            return m.find() ? m.group(1) : null;
        }
    }

    static byte[] request(int code, int opaque, Map<String, String> ext, byte[] body) {
        StringBuilder json = new StringBuilder("{\"code\":").append(code).append(",\"extFields\":{");
        String separator = "";
        for (Map.Entry<String, String> e : new TreeMap<>(ext).entrySet()) {
            json.append(separator).append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
            separator = ",";
        }
        json.append("},\"flag\":0,\"language\":\"JAVA\",\"opaque\":").append(opaque)
                .append(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}");
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + body.length)
                .putInt(4 + header.length + body.length).putInt(header.length).put(header).put(body).array();
    }

    /** The request code in a (possibly mutated) frame, or -1 if none can be read. */
    static int codeOf(byte[] frame) {
        if (frame.length < 10) {
            return -1;
        }
        int type = frame[4] & 0xFF;
        if (type == 1) {
            return ByteBuffer.wrap(frame, 8, 2).getShort();
        }
        Matcher m = CODE.matcher(new String(frame, 8, frame.length - 8, StandardCharsets.ISO_8859_1));
        return m.find() ? parse(m.group(1)) : -1;
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One request on a fresh connection, its answer read with a timeout. */
    static Answer call(InetSocketAddress broker, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(broker, 3000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(new DataInputStream(socket.getInputStream()));
        }
    }

    static Answer read(DataInputStream in) throws IOException {
        int length = in.readInt();
        int mark = in.readInt();
        int headerLength = mark & 0xFFFFFF;
        byte[] header = new byte[headerLength];
        in.readFully(header);
        byte[] body = new byte[length - 4 - headerLength];
        in.readFully(body);
        String json = new String(header, StandardCharsets.UTF_8);
        Matcher m = CODE.matcher(json);
        return new Answer(m.find() ? parse(m.group(1)) : -1, json, body);
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private RawFrames() {
    }
}
