package io.ballast.spi.store;

/**
 * The store's commitlog offsets, always {@code visible <= written} and {@code forced <= written}.
 *
 * @param written bytes appended (at least in the page cache)
 * @param forced  bytes known to be on disk
 * @param visible bytes whose messages consumers may read: never beyond what was acknowledged at
 *                the configured durability, so a crash cannot take back what a consumer saw
 */
public record Watermarks(long written, long forced, long visible) {
}
