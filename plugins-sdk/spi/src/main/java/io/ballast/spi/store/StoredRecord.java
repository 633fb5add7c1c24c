package io.ballast.spi.store;

import java.nio.ByteBuffer;

/**
 * One message as stored: its bytes in RocketMQ's commitlog record layout, so a pull response can
 * carry them unchanged.
 *
 * @param queueOffset    its offset in the consume queue it was read through
 * @param physicalOffset commitlog offset of its first byte
 * @param tagCode        the consume-queue tag code (hash of TAGS, or a delivery time)
 * @param bytes          a read-only view of the whole record; may be a slice of a mapped file
 */
public record StoredRecord(long queueOffset, long physicalOffset, long tagCode, ByteBuffer bytes) {
}
