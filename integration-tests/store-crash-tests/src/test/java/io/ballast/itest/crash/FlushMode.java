package io.ballast.itest.crash;

import io.ballast.flush.async.AsyncFlush;
import io.ballast.flush.sync.GroupCommitFlush;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.store.Journal;
import java.lang.annotation.Annotation;

/**
 * The two real flush policies, built with {@code new} as their unit tests do. Their typed
 * configurations are annotation interfaces; the classes below are what ConfigAdmin would hand
 * them, with the shipped defaults.
 */
enum FlushMode {
    SYNC {
        @Override
        FlushPolicy bind(Journal journal) {
            return new GroupCommitFlush(journal, new SyncConfig());
        }
    },
    ASYNC {
        @Override
        FlushPolicy bind(Journal journal) {
            return new AsyncFlush(journal, new AsyncConfig());
        }
    };

    abstract FlushPolicy bind(Journal journal);

    private static final class SyncConfig implements GroupCommitFlush.Config {
        @Override
        public long syncFlushTimeout() {
            return 5000;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return GroupCommitFlush.Config.class;
        }
    }

    private static final class AsyncConfig implements AsyncFlush.Config {
        @Override
        public int flushIntervalCommitLog() {
            return 500;
        }

        @Override
        public int flushCommitLogLeastPages() {
            return 4;
        }

        @Override
        public int flushCommitLogThoroughInterval() {
            return 10_000;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return AsyncFlush.Config.class;
        }
    }
}
