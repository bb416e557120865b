package org.airwave.transcode;

import java.util.List;
import java.util.Set;

/**
 * One step of a mount's MP3 ladder: a constant bitrate at a fixed sample rate and channel count.
 * The format never changes while the mount lives, whatever the source sends.
 *
 * <p>Validated against what MPEG audio layer III can carry: MPEG-1 rates take 32–320 kbit/s,
 * MPEG-2 rates 8–160, MPEG-2.5 rates 8–64. Immutable.
 *
 * @param bitrateKbps constant bitrate in kbit/s
 * @param sampleRate output sample rate in Hz
 * @param channels 1 (mono) or 2 (joint stereo)
 */
public record Rung(int bitrateKbps, int sampleRate, int channels) {

    /** The sample rate of a rung that does not name one. */
    public static final int DEFAULT_SAMPLE_RATE = 44_100;

    private static final Set<Integer> MPEG1_RATES = Set.of(32_000, 44_100, 48_000);
    private static final Set<Integer> MPEG2_RATES = Set.of(16_000, 22_050, 24_000);
    private static final Set<Integer> MPEG25_RATES = Set.of(8_000, 11_025, 12_000);
    private static final Set<Integer> MPEG1_BITRATES =
            Set.of(32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320);
    private static final Set<Integer> MPEG2_BITRATES =
            Set.of(8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160);
    private static final Set<Integer> MPEG25_BITRATES = Set.of(8, 16, 24, 32, 40, 48, 56, 64);
    private static final int MAX_CHANNELS = 2;

    public Rung {
        List<Integer> allowed = bitratesAt(sampleRate);
        if (!allowed.contains(bitrateKbps)) {
            throw new IllegalArgumentException("MP3 at " + sampleRate + " Hz cannot carry " + bitrateKbps
                    + " kbit/s (allowed: " + allowed + ")");
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("MP3 carries 1 or 2 channels, not " + channels);
        }
    }

    /**
     * The bitrates MP3 carries at a sample rate, ascending.
     *
     * @throws IllegalArgumentException when MP3 cannot carry the sample rate at all
     */
    public static List<Integer> bitratesAt(int sampleRate) {
        Set<Integer> allowed;
        if (MPEG1_RATES.contains(sampleRate)) {
            allowed = MPEG1_BITRATES;
        } else if (MPEG2_RATES.contains(sampleRate)) {
            allowed = MPEG2_BITRATES;
        } else if (MPEG25_RATES.contains(sampleRate)) {
            allowed = MPEG25_BITRATES;
        } else {
            throw new IllegalArgumentException("MP3 cannot carry a sample rate of " + sampleRate
                    + " Hz (allowed: 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)");
        }
        return allowed.stream().sorted().toList();
    }

    /** A stereo rung at {@link #DEFAULT_SAMPLE_RATE}. */
    public static Rung stereo(int bitrateKbps) {
        return new Rung(bitrateKbps, DEFAULT_SAMPLE_RATE, 2);
    }

    /** Bytes per second of the rung's output. */
    public int bytesPerSecond() {
        return bitrateKbps * 1000 / 8;
    }

    @Override
    public String toString() {
        return bitrateKbps + "k/" + sampleRate + "Hz/" + (channels == 1 ? "mono" : "stereo");
    }
}
