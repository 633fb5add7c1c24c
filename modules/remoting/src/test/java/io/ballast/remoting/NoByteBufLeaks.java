package io.ballast.remoting;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test after which Netty's leak detector reports a buffer that was collected without
 * being released. Surefire runs with {@code io.netty.leakDetection.level=paranoid}, so every buffer
 * is tracked; a leak is only seen once the buffer is garbage, hence the GC and the allocations that
 * make the detector look at its queue. The tests also check refCnt == 0 of the buffers they make,
 * which catches a leak at once; this is the net under that.
 */
final class NoByteBufLeaks implements BeforeAllCallback, AfterEachCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            fail("run the tests with -Dio.netty.leakDetection.level=paranoid (the surefire config does)");
        }
        ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + records));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 3 && LEAKS.isEmpty(); round++) {
            System.gc();
            Thread.sleep(10);
            for (int i = 0; i < 64; i++) {
                ByteBufAllocator.DEFAULT.buffer(1).release(); // each allocation polls the leak queue
                ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String first = LEAKS.get(0);
            int count = LEAKS.size();
            LEAKS.clear();
            fail(count + " ByteBuf leak(s), the first: " + first);
        }
    }
}
