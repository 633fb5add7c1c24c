package io.ballast.itest.crash;

import io.ballast.flush.async.AsyncFlush;
import io.ballast.flush.sync.GroupCommitFlush;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.store.Journal;

/**
 * The two real flush policies, built with {@code new} and broker.conf's default settings, as
 * the broker would run them without OSGi.
 */
enum FlushMode {
    SYNC {
        @Override
        FlushPolicy bind(Journal journal) {
            return new GroupCommitFlush(journal, 5000);
        }
    },
    ASYNC {
        @Override
        FlushPolicy bind(Journal journal) {
            return new AsyncFlush(journal, 500, 4, 10_000);
        }
    };

    abstract FlushPolicy bind(Journal journal);
}
