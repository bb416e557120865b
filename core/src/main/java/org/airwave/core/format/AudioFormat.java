package org.airwave.core.format;

/**
 * Audio parameters read from a stream's own frame headers.
 *
 * @param codec short codec name: "mp3", "aac", "vorbis", "opus", "flac" or "unknown"
 * @param sampleRate samples per second per channel, 0 if unknown
 * @param channels channel count, 0 if unknown
 * @param bitrateKbps nominal bitrate of the last frame in kbit/s, 0 if unknown or variable
 */
public record AudioFormat(String codec, int sampleRate, int channels, int bitrateKbps) {
}
