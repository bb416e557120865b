package org.airwave.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a leaked Netty buffer a failing test. Registered for every test through JUnit's
 * extension auto-detection (enabled in the parent pom's Surefire configuration), it installs a
 * leak detector factory before any buffer class is loaded (leak detection level {@code paranoid}
 * comes from the Surefire argLine), and after each test collects garbage, provokes the detectors'
 * report and fails the test if any leak was reported.
 *
 * <p>Threading: leak reports arrive on whatever thread allocates; the report list is synchronized.
 */
public final class LeakCheckExtension implements AfterEachCallback {

    private static final List<String> LEAKS = new ArrayList<>();
    private static final int GC_ROUNDS = 3;

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(20);
            provokeReport();
        }
        List<String> found;
        synchronized (LEAKS) {
            found = new ArrayList<>(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError("Netty buffer leak(s) during " + context.getDisplayName() + ":\n"
                    + String.join("\n----\n", found));
        }
    }

    /** Leaks are reported when a tracked allocation happens after the leaked object was collected. */
    private static void provokeReport() {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1);
        pooled.release();
        ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(1);
        heap.release();
        ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
        unpooled.release();
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            synchronized (LEAKS) {
                LEAKS.add(resourceType + " leaked:" + records);
            }
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            synchronized (LEAKS) {
                LEAKS.add(resourceType + " leaked (untraced)");
            }
            super.reportUntracedLeak(resourceType);
        }
    }
}
