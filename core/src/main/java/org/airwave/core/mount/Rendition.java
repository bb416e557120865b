package org.airwave.core.mount;

import org.airwave.core.stream.BroadcastBuffer;

/**
 * One transcoded output of a mount ({@code /live/128}): a CBR MP3 stream of fixed format whose
 * buffer lives as long as the mount's transcoder, across sources, so its listeners never see a
 * gap, a format change or a disconnect.
 *
 * @param name the URL segment, e.g. "128"
 * @param bitrateKbps CBR bitrate
 * @param sampleRate output sample rate
 * @param channels output channel count
 * @param buffer the MP3 chunks; written only by the mount's transcoder
 */
public record Rendition(String name, int bitrateKbps, int sampleRate, int channels, BroadcastBuffer buffer) {

    /** MIME type of every transcoded rendition. */
    public static final String CONTENT_TYPE = "audio/mpeg";

    /** Icecast's {@code ice-audio-info} for this rendition. */
    public String audioInfo() {
        return "bitrate=" + bitrateKbps + ";samplerate=" + sampleRate + ";channels=" + channels;
    }
}
