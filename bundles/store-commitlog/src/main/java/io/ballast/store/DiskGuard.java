package io.ballast.store;

import io.ballast.spi.store.StoreException;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses appends while the store's disk is fuller than {@code diskSpaceWarningLevelRatio} percent, so
 * the disk never fills under a memory-mapped write (which would kill the process) and there is
 * room left to recover. Reads are never refused. The ratio is sampled by the housekeeping thread;
 * appends only read a flag.
 */
final class DiskGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);

    private final StoreFiles files;
    private final Path root;
    private final int maxUsedPercent;
    private volatile double usedPercent;
    private volatile boolean full;

    DiskGuard(StoreFiles files, Path root, int maxUsedPercent) {
        this.files = files;
        this.root = root;
        this.maxUsedPercent = maxUsedPercent;
    }

    void sample() {
        try {
            long total = files.totalSpace(root);
            long usable = files.usableSpace(root);
            double used = total <= 0 ? 0 : 100.0 * (total - usable) / total;
            usedPercent = used;
            boolean nowFull = used > maxUsedPercent;
            if (nowFull != full) {
                if (nowFull) {
                    LOG.error("Disk of {} is {}% used, over diskSpaceWarningLevelRatio={}%: refusing new messages until space is freed",
                            root, Math.round(used), maxUsedPercent);
                } else {
                    LOG.info("Disk of {} is {}% used, under {}% again: accepting messages", root, Math.round(used), maxUsedPercent);
                }
            }
            full = nowFull;
        } catch (IOException e) {
            LOG.warn("Cannot read the free space of {}: {}", root, e.toString());
        }
    }

    void requireSpace() throws StoreException {
        if (full) {
            throw new StoreException(StoreException.Reason.DISK_FULL, String.format(
                    "disk is %.0f%% used, over diskSpaceWarningLevelRatio=%d%%; sends are refused, reads go on", usedPercent, maxUsedPercent));
        }
    }
}
