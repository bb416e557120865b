package org.airwave.serve.status;

/**
 * One stream a listener can play for a mount, as the status endpoints show it: the mount's default
 * (at the mount's own path), a transcoded rung ({@code /live/64}), the source's own stream
 * ({@code /live/source} when the mount transcodes, else the default), or a live bitrate sub-mount.
 * A snapshot; immutable.
 *
 * @param path the URL path listeners request, e.g. {@code /live} or {@code /live/64}
 * @param bitrateKbps nominal bitrate in kbit/s, or 0 when unknown
 * @param contentType MIME type of the stream, e.g. audio/mpeg
 * @param audioInfo Icecast's {@code ice-audio-info} for this stream ({@code bitrate=..;channels=..}), or empty
 * @param passthrough whether this is the source's own stream, unchanged
 * @param listeners listeners of this stream now
 */
public record RenditionStatus(String path, int bitrateKbps, String contentType, String audioInfo, boolean passthrough,
                              int listeners) {
}
