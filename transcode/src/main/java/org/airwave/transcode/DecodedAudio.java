package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.airwave.core.stream.StreamMetadata;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One slot of the {@link DecodedAudioQueue}: a decoded frame in the source's own format with the
 * metadata current when it was decoded, or the marker that the source ended. Slots are allocated once
 * and recycled, so the steady state allocates no Java objects per frame.
 *
 * <p>Ownership: the decoder thread fills a claimed slot, the encoder thread reads it once published
 * and hands it back; the frame's data references travel with it ({@code av_frame_move_ref}).
 */
final class DecodedAudio {

    /** What a slot carries. */
    enum Kind { AUDIO, SOURCE_END }

    final AVFrame frame = av_frame_alloc();
    Kind kind;
    StreamMetadata metadata;
    long durationNanos;

    /** Drops the frame's data references and the metadata, ready for reuse. */
    void clear() {
        av_frame_unref(frame);
        metadata = null;
        durationNanos = 0;
        kind = null;
    }

    void free() {
        av_frame_free(frame);
    }
}
