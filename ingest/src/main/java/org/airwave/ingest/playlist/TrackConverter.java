package org.airwave.ingest.playlist;

import java.io.IOException;
import java.net.URL;

/**
 * Decodes a playlist track that is not MP3 (Ogg, FLAC, AAC, WAV...) and encodes it as MP3, so a
 * playlist of mixed files plays into its mount as one MP3 stream. The transcoder module provides
 * the implementation (FFmpeg); ingest only knows this contract.
 *
 * <p>Threading: called on the playlist loader thread, one track at a time; may take seconds.
 */
@FunctionalInterface
public interface TrackConverter {

    /** The MP3 made from a track (whole frames, no tags) and the artist and title read from it ("" when absent). */
    record Converted(byte[] mp3, String artist, String title) {
    }

    /** @throws IOException when the track cannot be read or decoded, with the reason */
    Converted toMp3(URL location) throws IOException;
}
