package io.ballast.ha.link;

/**
 * A CRC32 of {@code length} log bytes from {@code start}: a slave's hello carries its last few so
 * the master can tell whether the slave's tail is a prefix of its own log.
 */
record LogBlock(long start, int length, int crc) {
    LogBlock {
        if (start < 0 || length <= 0 || length > LogBlocks.BLOCK_BYTES) {
            throw new IllegalArgumentException("block [" + start + ", +" + length + ") out of range");
        }
    }

    long end() {
        return start + length;
    }
}
