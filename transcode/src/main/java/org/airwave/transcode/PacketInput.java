package org.airwave.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Compressed packets of one source, ready for a decoder: either split by the core's frame parsers
 * ({@link FramedFeedInput}, MP3 and ADTS) or by an FFmpeg demuxer ({@link FeedDemuxer}, Ogg, FLAC
 * and unknown types).
 *
 * <p>Ownership and threading: owned by the decoder thread; {@link #close()} frees native state.
 */
interface PacketInput extends AutoCloseable {

    /**
     * Reads the next packet into {@code packet} (the caller unrefs it); blocks while the source has
     * sent nothing new.
     *
     * @return 0, {@code AVERROR_EOF} at the end of the source, or another FFmpeg error
     */
    int read(AVPacket packet);

    /** FFmpeg's codec id for the packet last read. */
    int codecId();

    /** Gives a decoder context what the container knows about the codec (extradata and such). */
    void configure(AVCodecContext decoder);

    @Override
    void close();
}
