package io.ballast.store.commitlog;

import io.ballast.store.io.StoreFile;

/**
 * One commitlog file: {@code size} bytes holding the records from commitlog offset
 * {@code baseOffset}, named by that offset in 20 zero-padded digits. Records never span two
 * segments; a BLANK marker fills the unused tail.
 */
record Segment(long baseOffset, StoreFile file) {

    static String fileName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    long endOffset() {
        return baseOffset + file.size();
    }

    boolean contains(long offset) {
        return offset >= baseOffset && offset < endOffset();
    }

    int position(long offset) {
        return (int) (offset - baseOffset);
    }
}
