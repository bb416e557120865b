package org.airwave.transcode;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Measures the realtime factor of a mount: CPU time of its decoder and encoder threads per second
 * of audio produced, over windows of {@link #WINDOW_NANOS} of audio.
 *
 * <p>Threading: encoder thread only (it reads its own CPU time and the decoder thread's by id).
 */
final class RealtimeMeter {

    /** Audio time per measurement. */
    static final long WINDOW_NANOS = 1_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long decoderThreadId;
    private final TranscoderStats stats;
    private final boolean supported;
    private long windowStartAudio;
    private long windowStartCpu;

    RealtimeMeter(long decoderThreadId, TranscoderStats stats) {
        this.decoderThreadId = decoderThreadId;
        this.stats = stats;
        this.supported = THREADS.isThreadCpuTimeSupported() && THREADS.isCurrentThreadCpuTimeSupported();
    }

    void start(long audioNanos) {
        windowStartAudio = audioNanos;
        windowStartCpu = cpuNanos();
    }

    /** Called as audio is produced; publishes a new factor once per window. */
    void produced(long audioNanos) {
        long audio = audioNanos - windowStartAudio;
        if (!supported || audio < WINDOW_NANOS) {
            return;
        }
        long cpu = cpuNanos();
        stats.realtimeFactor((double) (cpu - windowStartCpu) / audio);
        windowStartAudio = audioNanos;
        windowStartCpu = cpu;
    }

    private long cpuNanos() {
        if (!supported) {
            return 0;
        }
        return THREADS.getCurrentThreadCpuTime() + Math.max(0, THREADS.getThreadCpuTime(decoderThreadId));
    }
}
