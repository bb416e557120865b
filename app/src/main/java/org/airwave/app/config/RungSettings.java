package org.airwave.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.airwave.transcode.Rung;

/**
 * One rung of a ladder as configured: a bitrate alone ({@code 128}, 44.1 kHz stereo), or
 * {@code {bitrate: 32, sample-rate: 22050, channels: 1}}, or on the command line {@code 32:22050:1}.
 *
 * @param bitrate CBR kbit/s
 * @param sampleRate output sample rate
 * @param channels 1 or 2
 */
public record RungSettings(int bitrate, int sampleRate, int channels) {

    /** Sample rate of a rung that names only its bitrate. */
    public static final int DEFAULT_SAMPLE_RATE = 44_100;
    /** Channels of a rung that names only its bitrate. */
    public static final int DEFAULT_CHANNELS = 2;

    /** A rung given as a bare number. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RungSettings ofBitrate(int bitrate) {
        return new RungSettings(bitrate, DEFAULT_SAMPLE_RATE, DEFAULT_CHANNELS);
    }

    /** A rung given as a mapping. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static RungSettings of(@JsonProperty("bitrate") int bitrate, @JsonProperty("sample-rate") Integer sampleRate,
                                  @JsonProperty("channels") Integer channels) {
        return new RungSettings(bitrate, sampleRate == null ? DEFAULT_SAMPLE_RATE : sampleRate,
                channels == null ? DEFAULT_CHANNELS : channels);
    }

    /** Parses the command-line form {@code BITRATE[:SAMPLERATE[:CHANNELS]]}. */
    public static RungSettings parse(String text) throws ConfigException {
        String[] parts = text.trim().split(":");
        try {
            int bitrate = Integer.parseInt(parts[0]);
            int rate = parts.length > 1 ? Integer.parseInt(parts[1]) : DEFAULT_SAMPLE_RATE;
            int channels = parts.length > 2 ? Integer.parseInt(parts[2]) : DEFAULT_CHANNELS;
            if (parts.length > 3) {
                throw new NumberFormatException();
            }
            return new RungSettings(bitrate, rate, channels);
        } catch (NumberFormatException e) {
            throw new ConfigException("ladder rung '" + text + "' is not BITRATE[:SAMPLERATE[:CHANNELS]]");
        }
    }

    /**
     * The transcoder's rung.
     *
     * @throws IllegalArgumentException when MP3 cannot carry this bitrate, rate and channel count
     */
    public Rung rung() {
        return new Rung(bitrate, sampleRate, channels);
    }

    /** The rendition's URL name: the bitrate, with the rate and channels when not 44.1 kHz stereo. */
    public String name() {
        if (sampleRate == DEFAULT_SAMPLE_RATE && channels == DEFAULT_CHANNELS) {
            return Integer.toString(bitrate);
        }
        return bitrate + "-" + sampleRate + (channels == 1 ? "-mono" : "-stereo");
    }
}
