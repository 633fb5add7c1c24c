package io.ballast.ha.link;

import io.ballast.spi.store.ReplicatedLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * CRC32s over a log's bytes, in blocks aligned to {@value #BLOCK_BYTES} bytes: the slave
 * describes its tail with them and the master checks them against its own bytes.
 */
final class LogBlocks {
    static final int BLOCK_BYTES = 4096;

    private LogBlocks() {
    }

    /**
     * Up to {@code count} contiguous blocks ending at the log's max offset, ascending: the last one
     * from the block boundary below max (or min offset) to max, the others whole aligned blocks.
     */
    static List<LogBlock> tail(ReplicatedLog log, int count) {
        long min = log.minOffset();
        long end = log.maxOffset();
        List<LogBlock> blocks = new ArrayList<>();
        while (blocks.size() < count && end > min) {
            long start = Math.max(min, ((end - 1) / BLOCK_BYTES) * BLOCK_BYTES);
            int length = (int) (end - start);
            blocks.add(0, new LogBlock(start, length, crc(log, start, length)));
            end = start;
        }
        return blocks;
    }

    /** Whether {@code log} holds exactly the bytes {@code block} describes. */
    static boolean holds(ReplicatedLog log, LogBlock block) {
        return block.start() >= log.minOffset() && block.end() <= log.maxOffset()
                && crc(log, block.start(), block.length()) == block.crc();
    }

    /** CRC32 of {@code length} bytes from {@code start}, reading across segment ends. */
    static int crc(ReplicatedLog log, long start, int length) {
        CRC32 crc = new CRC32();
        long offset = start;
        long end = start + length;
        while (offset < end) {
            ByteBuffer bytes = log.read(offset, (int) (end - offset));
            if (!bytes.hasRemaining()) {
                throw new IllegalStateException("log ended at " + offset + " inside a block up to " + end);
            }
            offset += bytes.remaining();
            crc.update(bytes);
        }
        return (int) crc.getValue();
    }
}
