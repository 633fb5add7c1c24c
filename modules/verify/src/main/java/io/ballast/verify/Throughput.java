package io.ballast.verify;

import io.ballast.verify.History.Receive;
import io.ballast.verify.History.Send;
import io.ballast.verify.History.SendOutcome;
import java.util.List;

/** A scenario's sends and deliveries counted per time bucket, for the report's timeline. */
public record Throughput(long bucketMillis, long[] acked, long[] failed, long[] received) {
    public static Throughput of(History history, long bucketMillis) {
        List<Send> sends = history.sends();
        List<Receive> receives = history.receives();
        long end = history.now();
        int buckets = (int) (end / bucketMillis) + 1;
        long[] acked = new long[buckets];
        long[] failed = new long[buckets];
        long[] received = new long[buckets];
        for (Send send : sends) {
            int bucket = (int) Math.min(buckets - 1, send.atMillis() / bucketMillis);
            if (send.outcome() == SendOutcome.ACKED) {
                acked[bucket]++;
            } else {
                failed[bucket]++;
            }
        }
        for (Receive receive : receives) {
            received[(int) Math.min(buckets - 1, receive.atMillis() / bucketMillis)]++;
        }
        return new Throughput(bucketMillis, acked, failed, received);
    }
}
