package org.airwave.core.mount;

import java.time.Instant;
import org.airwave.core.stats.Protocol;

/**
 * What a source told about its stream when it connected (Icecast {@code ice-*} or SHOUTcast
 * {@code icy-*} headers), normalized. Passwords are never part of it.
 *
 * @param protocol how the input connected
 * @param contentType the stream's MIME type, e.g. audio/mpeg
 * @param name station name, or empty
 * @param description station description, or empty
 * @param genre genre, or empty
 * @param url station home page, or empty
 * @param isPublic whether the source asked to be listed in directories
 * @param bitrate nominal bitrate as the source stated it (kbit/s, as text), or empty
 * @param audioInfo {@code ice-audio-info} in Icecast's {@code key=value;...} form, or empty
 * @param userAgent the source client's user agent, or empty
 * @param remoteAddress the source's address, for logs and admin pages
 * @param connectedAt when the source connected
 */
public record SourceInfo(Protocol protocol, String contentType, String name, String description, String genre,
                         String url, boolean isPublic, String bitrate, String audioInfo, String userAgent,
                         String remoteAddress, Instant connectedAt) {
}
