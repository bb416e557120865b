package org.airwave.testing;

/** Measurements of decoded mono 16-bit audio (shared with the other modules through the core test-jar). */
public final class Signal {

    private static final int FULL_SCALE = 32768;

    private Signal() {
    }

    /** Frequency from upward zero crossings over {@code [from, to)}, in Hz. */
    public static double frequency(short[] samples, int sampleRate, int from, int to) {
        int crossings = 0;
        int first = -1;
        int last = -1;
        for (int i = Math.max(from, 1); i < to; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
                crossings++;
            }
        }
        if (crossings < 2) {
            return 0;
        }
        return (crossings - 1) * (double) sampleRate / (last - first);
    }

    /** Root mean square level over {@code [from, to)}, 0..1 of full scale. */
    public static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double value = samples[i] / (double) FULL_SCALE;
            sum += value * value;
        }
        return to > from ? Math.sqrt(sum / (to - from)) : 0;
    }
}
