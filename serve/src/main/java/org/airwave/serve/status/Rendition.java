package org.airwave.serve.status;

/**
 * One stream a listener can play for a mount: the source's own stream (passthrough, at the mount's
 * path) or another bitrate of it (e.g. {@code /live/64}). A snapshot; immutable.
 *
 * @param path the URL path listeners request, e.g. {@code /live} or {@code /live/64}
 * @param bitrateKbps nominal bitrate in kbit/s, or 0 when unknown
 * @param contentType MIME type of the stream, e.g. audio/mpeg
 * @param audioInfo Icecast's {@code ice-audio-info} for this stream ({@code bitrate=..;channels=..}), or empty
 * @param passthrough whether this is the source's own stream, unchanged
 * @param listeners listeners of this stream now
 * @param listenerPeak most listeners of this stream at once
 */
public record Rendition(String path, int bitrateKbps, String contentType, String audioInfo, boolean passthrough,
                        int listeners, int listenerPeak) {
}
