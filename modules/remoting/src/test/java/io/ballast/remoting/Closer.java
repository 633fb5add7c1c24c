package io.ballast.remoting;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (servers, clients, executors), closed in reverse order after it. */
final class Closer implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
