package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.protocol.RequestCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInfoTest {
    @TempDir
    Path dir;

    @Test
    void theKvTableCarriesWhatBrokerStatusAndClusterListRead() throws Exception {
        try (AdminHarness admin = new AdminHarness(dir)) {
            admin.broker.append("orders", 0, 2);
            admin.broker.context.stats().put("orders", 2, 64);
            admin.broker.context.stats().got("g", "orders", 1);

            KVTable kv = RemotingSerializable.decode(AdminHarness.body(admin.call(RequestCode.GET_BROKER_RUNTIME_INFO, Map.of())), KVTable.class);

            Map<String, String> t = kv.getTable();
            for (String key : List.of("msgPutTotalYesterdayMorning", "msgPutTotalTodayMorning", "msgGetTotalYesterdayMorning",
                    "msgGetTotalTodayMorning", "bootTimestamp")) {
                Long.parseLong(t.get(key)); // clusterList -m parses these
            }
            assertEquals("2", t.get("msgPutTotalTodayNow"));
            assertEquals("1", t.get("msgGetTotalTodayNow"));
            Double.parseDouble(t.get("putTps").split(" ")[0]);
            Double.parseDouble(t.get("getTransferredTps").split(" ")[0]);
            double ratio = Double.parseDouble(t.get("commitLogDiskRatio"));
            assertTrue(ratio >= 0 && ratio <= 1, "ratio " + ratio);
            assertEquals(String.valueOf(admin.broker.store.writtenOffset()), t.get("commitLogMaxOffset"));
            assertTrue(Long.parseLong(t.get("commitLogMaxOffset")) > 0);
            assertEquals("V4_9_8", t.get("brokerVersionDesc"));
            assertEquals("true", t.get("brokerActive"));
        }
    }

    @Test
    void aMasterReportsWhatItsSlavesStillLack() throws Exception {
        try (AdminHarness admin = new AdminHarness(dir)) {
            admin.broker.append("orders", 0, 3);
            long written = admin.broker.store.watermarks().written();
            Map<String, String> before = RemotingSerializable.decode(AdminHarness.body(admin.call(RequestCode.GET_BROKER_RUNTIME_INFO, Map.of())), KVTable.class).getTable();
            assertEquals(null, before.get("replicationLagBytes"), "no replication bound, no figure");

            long[] acked = {written - 100};
            io.ballast.broker.TestServices.bindReplication(admin.broker.context.services(), new io.ballast.spi.replication.ReplicationStrategy() {
                @Override
                public java.util.concurrent.CompletionStage<io.ballast.spi.message.SendStatus> awaitReplicated(long endOffset) {
                    return java.util.concurrent.CompletableFuture.completedFuture(io.ballast.spi.message.SendStatus.SEND_OK);
                }

                @Override
                public long replicatedOffset() {
                    return acked[0];
                }
            });
            Map<String, String> lagging = RemotingSerializable.decode(AdminHarness.body(admin.call(RequestCode.GET_BROKER_RUNTIME_INFO, Map.of())), KVTable.class).getTable();
            assertEquals("100", lagging.get("replicationLagBytes"));
            acked[0] = written;
            Map<String, String> caughtUp = RemotingSerializable.decode(AdminHarness.body(admin.call(RequestCode.GET_BROKER_RUNTIME_INFO, Map.of())), KVTable.class).getTable();
            assertEquals("0", caughtUp.get("replicationLagBytes"));
        }
    }

    @Test
    void uptimeIsWordedInDaysHoursMinutesSeconds() {
        assertEquals("[ 1 days, 2 hours, 3 minutes, 4 seconds ]", RuntimeInfo.uptime(((26 * 60 + 3) * 60 + 4) * 1000L));
    }
}
