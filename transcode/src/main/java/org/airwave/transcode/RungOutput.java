package org.airwave.transcode;

import org.airwave.core.stream.BroadcastBuffer;

/**
 * Where one rung's MP3 goes: the rendition's buffer. The transcoder becomes the buffer's only
 * writer for its lifetime and ends the buffer when it closes.
 *
 * @param rung the format to encode
 * @param buffer the rendition's buffer; nobody else appends to it
 */
public record RungOutput(Rung rung, BroadcastBuffer buffer) {
}
