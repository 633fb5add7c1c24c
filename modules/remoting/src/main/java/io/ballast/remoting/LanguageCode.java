package io.ballast.remoting;

/**
 * The sender's language, as upstream numbers them (binary header) and names them (JSON header).
 * Informational only: nothing in the broker depends on it.
 */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9),
    PHP(10), OMS(11), RUST(12), NODE_JS(13);

    private static final LanguageCode[] BY_CODE = values();

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /**
     * A language a newer client may send that we do not know yet is not a reason to drop its
     * connection, so unknown codes read as {@link #OTHER}.
     */
    public static LanguageCode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** Same tolerance as {@link #ofCode(int)}, for the name in a JSON header. */
    public static LanguageCode ofName(String name) {
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
