package io.ballast.flush.disktype;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlushDiskTypeSwitchTest {
    private final List<String> calls = new ArrayList<>();
    private final FlushDiskTypeSwitch asyncSwitch = switchFor(FlushDiskType.ASYNC_FLUSH, "async");
    private final FlushDiskTypeSwitch syncSwitch = switchFor(FlushDiskType.SYNC_FLUSH, "sync");

    @Test
    void theDefaultEnablesAsyncAndDisablesSync() {
        asyncSwitch.apply("ASYNC_FLUSH");
        syncSwitch.apply("ASYNC_FLUSH");
        assertEquals(List.of("enable async", "disable sync"), calls);
    }

    @Test
    void syncFlushEnablesGroupCommitAndDisablesAsync() {
        asyncSwitch.apply("SYNC_FLUSH");
        syncSwitch.apply(" SYNC_FLUSH ");
        assertEquals(List.of("disable async", "enable sync"), calls);
    }

    @Test
    void anUnknownValueKeepsAsyncSoTheBrokerStillHasAPolicy() {
        asyncSwitch.apply("sync_flush");
        syncSwitch.apply("sync_flush");
        assertEquals(List.of("enable async", "disable sync"), calls);
    }

    @Test
    void reapplyingTheSameValueDoesNotToggleThePolicy() {
        syncSwitch.apply("SYNC_FLUSH");
        syncSwitch.apply("SYNC_FLUSH");
        assertEquals(List.of("enable sync"), calls);
    }

    @Test
    void switchingBackAndForthTogglesEachTime() {
        syncSwitch.apply("SYNC_FLUSH");
        syncSwitch.apply("ASYNC_FLUSH");
        syncSwitch.apply("SYNC_FLUSH");
        assertEquals(List.of("enable sync", "disable sync", "enable sync"), calls);
    }

    private FlushDiskTypeSwitch switchFor(FlushDiskType served, String name) {
        return new FlushDiskTypeSwitch(served, name, n -> calls.add("enable " + n), n -> calls.add("disable " + n));
    }
}
