package org.airwave.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Aggregate of one run, built on the main thread once the event loops have terminated.
 * Slow readers are reported apart and excluded from lag, stall and rate figures.
 */
record LoadReport(int connections, int ok, int failed, String firstFailure, int slow,
                  double meanKbps, double minKbps, double slowMeanKbps, int lagging, int stalledListeners,
                  long stalls, double ttfbP50Millis, double ttfbP99Millis, long icyBlocks, long icyErrors,
                  double clientCpuPercent, long clientGcMillis) {

    /** A listener below this fraction of the stream rate over the steady window is lagging. */
    static final double LAG_THRESHOLD = 0.95;

    /**
     * @param clientGcMillis time this generator spent collecting garbage from the ramp start to the
     *                       window's end: a pause of its own shows up as late first bytes and stalls
     */
    static LoadReport of(LoadOptions options, List<Listener> listeners, long windowNanos, long clientCpuNanos,
                         long clientGcMillis) {
        double seconds = windowNanos / 1e9;
        double fullRate = options.bytesPerSecond();
        int ok = 0, failed = 0, slow = 0, lagging = 0, stalled = 0, full = 0;
        long stalls = 0, blocks = 0, icyErrors = 0;
        double sumKbps = 0, minKbps = Double.MAX_VALUE, slowSumKbps = 0;
        String firstFailure = null;
        long[] ttfb = new long[listeners.size()];
        int ttfbCount = 0;
        for (Listener l : listeners) {
            blocks += l.icyBlocks();
            icyErrors += l.icyErrors();
            if (l.ttfbNanos() >= 0) ttfb[ttfbCount++] = l.ttfbNanos();
            if (l.failure != null) {
                failed++;
                if (firstFailure == null) firstFailure = l.failure;
            } else {
                ok++;
            }
            long bytes = l.steadyStartBytes < 0 || l.steadyEndBytes < 0 ? 0 : l.steadyEndBytes - l.steadyStartBytes;
            double rate = bytes / seconds;
            double kbps = rate * 8 / 1000;
            if (l.slow) {
                slow++;
                slowSumKbps += kbps;
                continue;
            }
            full++;
            sumKbps += kbps;
            minKbps = Math.min(minKbps, kbps);
            if (rate < LAG_THRESHOLD * fullRate) lagging++;
            if (l.stalls > 0) stalled++;
            stalls += l.stalls;
        }
        Arrays.sort(ttfb, 0, ttfbCount);
        return new LoadReport(listeners.size(), ok, failed, firstFailure, slow,
                full == 0 ? 0 : sumKbps / full, full == 0 ? 0 : minKbps, slow == 0 ? 0 : slowSumKbps / slow,
                lagging, stalled, stalls, percentile(ttfb, ttfbCount, 0.50), percentile(ttfb, ttfbCount, 0.99),
                blocks, icyErrors, 100.0 * clientCpuNanos / windowNanos, clientGcMillis);
    }

    private static double percentile(long[] sorted, int count, double p) {
        if (count == 0) return Double.NaN;
        int index = Math.min(count - 1, (int) Math.ceil(p * count) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /**
     * Time to first byte by when the listeners connected, one line per {@code bucketNanos} of the
     * ramp (count, p50, p99, max in ms): shows whether a slow tail is spread over the ramp or one
     * stall of the server (a collection, a long task on its loop) that held every connection of a
     * moment.
     */
    static String ttfbTimeline(List<Listener> listeners, long rampStartNanos, long bucketNanos) {
        TreeMap<Long, List<Long>> buckets = new TreeMap<>();
        for (Listener l : listeners) {
            if (l.ttfbNanos() < 0) continue;
            long bucket = (l.connectStartNanos - rampStartNanos) / bucketNanos;
            buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(l.ttfbNanos());
        }
        StringBuilder out = new StringBuilder();
        for (var entry : buckets.entrySet()) {
            long[] sorted = entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            out.append(String.format(Locale.ROOT, "ttfb at %5.1f s: n=%d p50=%.1f p99=%.1f max=%.1f%n",
                    entry.getKey() * bucketNanos / 1e9, sorted.length, percentile(sorted, sorted.length, 0.50),
                    percentile(sorted, sorted.length, 0.99), sorted[sorted.length - 1] / 1e6));
        }
        return out.toString();
    }

    /** One line of {@code key=value} pairs, stable for scripts to parse. */
    String summaryLine() {
        return String.format(Locale.ROOT,
                "connections=%d ok=%d failed=%d slow=%d mean_kbps=%.1f min_kbps=%.1f slow_mean_kbps=%.1f"
                        + " lagging=%d stalled_listeners=%d stalls=%d ttfb_p50_ms=%.1f ttfb_p99_ms=%.1f"
                        + " icy_blocks=%d icy_errors=%d client_cpu_pct=%.1f client_gc_ms=%d%s",
                connections, ok, failed, slow, meanKbps, minKbps, slowMeanKbps, lagging, stalledListeners, stalls,
                ttfbP50Millis, ttfbP99Millis, icyBlocks, icyErrors, clientCpuPercent, clientGcMillis,
                firstFailure == null ? "" : " first_failure=\"" + firstFailure + "\"");
    }
}
