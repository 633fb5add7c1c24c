package io.ballast.broker.consume;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import java.lang.management.ManagementFactory;

/**
 * Whether data a pull reads is still "hot": within the last {@code accessMessageInMemoryMaxRatio}
 * percent of physical memory, measured back from the commitlog's end. Hot data is likely in the
 * page cache, so a pull may return more of it (wire format §2.4, batch limits).
 *
 * @param windowBytes how many commitlog bytes back from the end count as hot
 */
record HotWindow(long windowBytes) {
    private static final long MACHINE_MEMORY = machineMemory();

    static HotWindow of(BrokerSettings settings) {
        long configured = settings.number(BrokerKey.PHYSICAL_MEMORY_BYTES);
        long memory = configured > 0 ? configured : MACHINE_MEMORY;
        long ratio = Math.max(0, Math.min(100, settings.number(BrokerKey.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO)));
        return new HotWindow(memory / 100 * ratio);
    }

    boolean isHot(long maxPhysicalOffset, long physicalOffset) {
        return maxPhysicalOffset - physicalOffset <= windowBytes;
    }

    private static long machineMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory(); // without the extension the heap is the best bound known
    }
}
