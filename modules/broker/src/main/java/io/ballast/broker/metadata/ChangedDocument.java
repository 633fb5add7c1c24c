package io.ballast.broker.metadata;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A {@link JsonFile} written only when its table changed since the last write. A write that
 * fails leaves the table marked changed, so the next periodic write tries again instead of
 * silently keeping the stale file.
 */
public final class ChangedDocument {
    private final JsonFile file;
    private final AtomicBoolean changed = new AtomicBoolean();

    public ChangedDocument(JsonFile file) {
        this.file = file;
    }

    public JsonFile file() {
        return file;
    }

    /** The table changed: the next {@link #persist} writes it. */
    public void markChanged() {
        changed.set(true);
    }

    public boolean isChanged() {
        return changed.get();
    }

    /** Writes {@code snapshot}'s document if the table changed since the last write. */
    public void persist(Supplier<?> snapshot) throws IOException {
        if (changed.getAndSet(false)) {
            try {
                file.write(snapshot.get());
            } catch (IOException e) {
                changed.set(true);
                throw e;
            }
        }
    }
}
