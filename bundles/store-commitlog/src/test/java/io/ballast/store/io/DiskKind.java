package io.ballast.store.io;

import java.nio.file.Path;

/** The two disks store-file tests run on: the simulated one and real mapped files. */
public enum DiskKind {
    SIMULATED {
        @Override
        public StoreFiles create(Path tempDir) {
            return new SimulatedDisk();
        }
    },
    MAPPED {
        @Override
        public StoreFiles create(Path tempDir) {
            return new MappedStoreFiles();
        }
    };

    /** A disk; paths under {@code tempDir} are where the test's files go on either kind. */
    public abstract StoreFiles create(Path tempDir);
}
