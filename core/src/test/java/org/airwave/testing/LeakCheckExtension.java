package org.airwave.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a leaked Netty buffer a failing test. Registered for every test through JUnit's
 * extension auto-detection (enabled in the parent pom's Surefire configuration), it installs a
 * leak detector factory before any buffer class is loaded (leak detection level {@code paranoid}
 * comes from the Surefire argLine), and after each test that allocated a tracked buffer collects
 * garbage, provokes the detectors' report and fails the test if any leak was reported. The full
 * collections are most of the unit tests' time, hence as few as the check needs.
 *
 * <p>Threading: leak reports arrive on whatever thread allocates; the report list is synchronized.
 */
public final class LeakCheckExtension implements AfterEachCallback {

    private static final List<String> LEAKS = new ArrayList<>();
    /**
     * Two rounds suffice: by the time the second round's sentinel is enqueued, every tracker the
     * first collection cleared is enqueued too, and the second round's report polls them.
     */
    private static final int GC_ROUNDS = 2;
    private static final long SENTINEL_TIMEOUT_MILLIS = 10_000;
    /** Whether a tracked buffer was allocated since the last check; a test that allocated none cannot leak one. */
    private static final AtomicBoolean TRACKED = new AtomicBoolean();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (TRACKED.getAndSet(false)) {
            for (int i = 0; i < GC_ROUNDS; i++) {
                collectGarbage();
                provokeReport();
            }
            TRACKED.set(false);
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

    /**
     * Collects garbage and waits until the reference handler has enqueued what the collection
     * cleared, which is when the leak detectors can see it: a sentinel cleared by the same
     * collection is enqueued in the same batch, and the next round's sentinel only after the whole
     * batch. Waiting for it, not for a fixed time, keeps the check to a few milliseconds a test.
     */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), cleared);
        System.gc();
        if (cleared.remove(SENTINEL_TIMEOUT_MILLIS) != sentinel) {
            throw new AssertionError("garbage collection did not clear a weak reference within "
                    + SENTINEL_TIMEOUT_MILLIS + " ms (is System.gc() disabled?)");
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
        public ResourceLeakTracker<T> track(T obj) {
            TRACKED.set(true);
            return super.track(obj);
        }

        @Override
        public ResourceLeakTracker<T> trackForcibly(T obj) {
            TRACKED.set(true);
            return super.trackForcibly(obj);
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
