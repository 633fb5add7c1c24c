package io.ballast.remoting;

import io.ballast.remoting.protocol.ResponseCode;
import java.util.Map;

/**
 * Typed reads of a request's custom header (its {@code extFields}): every value travels as a
 * string (wire format §1.3), so numbers and booleans are parsed here, once. A missing required
 * field or an unparsable value is a {@link RequestException} with INVALID_PARAMETER and a remark
 * naming the field, which the server sends back instead of failing later inside a processor.
 * Keys the processor does not ask for are ignored.
 */
public final class RequestHeader {
    private final Map<String, String> fields;

    private RequestHeader(Map<String, String> fields) {
        this.fields = fields;
    }

    public static RequestHeader of(RemotingCommand request) {
        return new RequestHeader(request.extFields());
    }

    public boolean has(String name) {
        String v = fields.get(name);
        return v != null && !v.isEmpty();
    }

    public String requiredString(String name) throws RequestException {
        String v = fields.get(name);
        if (v == null || v.isEmpty()) {
            throw missing(name);
        }
        return v;
    }

    /** @return the value, or {@code fallback} when the field is absent or empty */
    public String optionalString(String name, String fallback) {
        String v = fields.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public int requiredInt(String name) throws RequestException {
        return parseInt(name, requiredString(name));
    }

    public int optionalInt(String name, int fallback) throws RequestException {
        return has(name) ? parseInt(name, fields.get(name)) : fallback;
    }

    public long requiredLong(String name) throws RequestException {
        return parseLong(name, requiredString(name));
    }

    public long optionalLong(String name, long fallback) throws RequestException {
        return has(name) ? parseLong(name, fields.get(name)) : fallback;
    }

    public boolean optionalBoolean(String name, boolean fallback) throws RequestException {
        if (!has(name)) {
            return fallback;
        }
        String v = fields.get(name);
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(name, v, "a boolean");
    }

    public boolean requiredBoolean(String name) throws RequestException {
        requiredString(name);
        return optionalBoolean(name, false);
    }

    private static int parseInt(String name, String v) throws RequestException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(name, v, "an int");
        }
    }

    private static long parseLong(String name, String v) throws RequestException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(name, v, "a long");
        }
    }

    private static RequestException missing(String name) {
        return new RequestException(ResponseCode.INVALID_PARAMETER, "the request header field '" + name + "' is missing");
    }

    private static RequestException bad(String name, String value, String expected) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return new RequestException(ResponseCode.INVALID_PARAMETER,
                "the request header field '" + name + "' is not " + expected + ": '" + shown + "'");
    }
}
