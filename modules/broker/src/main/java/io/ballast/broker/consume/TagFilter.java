package io.ballast.broker.consume;

import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which consume-queue entries a subscription wants, decided from the entry's tag code alone: the
 * code is the Java {@code String.hashCode()} of the message's TAGS, so an expression "a || b"
 * becomes the set of the two hashes. The client filters again on the exact tag string, so a hash
 * collision only costs a message shipped for nothing. Immutable.
 */
final class TagFilter {
    static final String TAG = "TAG";
    static final String SQL92 = "SQL92";
    private static final TagFilter ALL = new TagFilter(null);

    /** null = every entry matches. */
    private final Set<Long> codes;

    private TagFilter(Set<Long> codes) {
        this.codes = codes;
    }

    static TagFilter all() {
        return ALL;
    }

    /**
     * @param expressionType {@code TAG} (or null/empty, which clients mean as TAG) or another type
     * @param expression     "*", empty, or tags separated by "||"
     * @throws RequestException for an expression type other than TAG: Ballast does not evaluate
     *                          SQL92 on the broker and says so as upstream does when its property
     *                          filter is off (SYSTEM_ERROR; the client retries after 3 s and logs it)
     */
    static TagFilter parse(String expressionType, String expression) throws RequestException {
        if (expressionType != null && !expressionType.isEmpty() && !expressionType.equalsIgnoreCase(TAG)) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR,
                    "The broker does not support consumer to filter message by " + expressionType
                            + " (Ballast filters by TAG only)");
        }
        if (expression == null || expression.isBlank() || expression.trim().equals("*")) {
            return ALL;
        }
        Set<Long> codes = new TreeSet<>();
        for (String tag : expression.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                codes.add((long) t.hashCode());
            }
        }
        return codes.isEmpty() ? ALL : new TagFilter(codes);
    }

    boolean matchesAll() {
        return codes == null;
    }

    boolean matches(long tagCode) {
        return codes == null || codes.contains(tagCode);
    }

    @Override
    public String toString() {
        return codes == null ? "*" : codes.stream().map(String::valueOf).collect(Collectors.joining(" || ", "codes ", ""));
    }
}
