package io.ballast.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The master's store disk filled to the last byte (the store lives on a small tmpfs that verify
 * mounted for it), held, then freed. The broker must refuse sends rather than acknowledge what it
 * cannot keep, and serve again once space returns.
 */
public final class DiskFull implements Fault {
    private static final int CHUNK = 1 << 20;
    /**
     * The store's own use of the small disk, before the fault, above which the scenario refuses to
     * run: the broker refuses sends from diskSpaceWarningLevelRatio on, so a disk the store nearly
     * filled by itself stays "full" once the filler is gone, and what was acknowledged just before
     * would stay undispatched through the drain; that tells nothing about the fault.
     */
    static final double HEADROOM_USED_AT_MOST = 0.75;
    private final Duration full;

    public DiskFull(Duration full) {
        this.full = full;
    }

    @Override
    public String name() {
        return "disk-full";
    }

    @Override
    public String proves() {
        return "a master whose store disk fills up refuses sends instead of acknowledging them, loses nothing it acknowledged before, and takes sends again once space is freed";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        if (cluster.smallDisk().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(SplitNetwork.available() ? "skipped: the master's store is not on a disk verify mounted (an existing cluster)"
                : "skipped: needs root");
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        Path disk = cluster.smallDisk().orElseThrow();
        FileStore store = Files.getFileStore(disk);
        double used = 1.0 - (double) store.getUsableSpace() / store.getTotalSpace();
        if (used > HEADROOM_USED_AT_MOST) {
            throw new IOException(String.format(Locale.ROOT, "the store already uses %.0f%% of its %d MB disk before the fault"
                    + " (more than %.0f%%): the campaign wrote more than the small disk was sized for", used * 100,
                    store.getTotalSpace() >> 20, HEADROOM_USED_AT_MOST * 100));
        }
        Path filler = disk.resolve("verify-filler");
        long from = timeline.now();
        try {
            fill(filler);
            Thread.sleep(full.toMillis());
        } finally {
            Files.deleteIfExists(filler);
            timeline.span("disk full", from);
        }
    }

    /** Writes until the file system says no more. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException noSpace) {
            if (!Files.exists(filler)) {
                throw noSpace;
            }
            // ENOSPC: the disk is full, which is the point
        }
    }
}
