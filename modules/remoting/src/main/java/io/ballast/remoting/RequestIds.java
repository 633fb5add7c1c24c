package io.ballast.remoting;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The opaques of the requests this process sends, from one counter for the whole process (wire
 * format §1.5): never the peer's ids, so a request of ours cannot be confused with one of theirs
 * on a connection that carries both. Starts at 0 and wraps, as upstream's does.
 */
final class RequestIds {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private RequestIds() {
    }

    static int next() {
        return NEXT.getAndIncrement();
    }
}
