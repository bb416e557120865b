package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP2;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.airwave.core.format.AudioFramer;
import org.airwave.core.format.Mp3Framer;
import org.airwave.core.format.StreamKind;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * MP3 (any MPEG audio layer) and AAC ADTS packets split from a {@link SourceFeed} by the core's
 * frame parsers, which already skip tags and resynchronise after garbage. A frame becomes a packet
 * the moment its last byte arrives: FFmpeg's MP3 demuxer would wait for a kilobyte at a time, which
 * is a quarter of a second at 32 kbit/s.
 *
 * <p>Ownership and threading: decoder thread only; copies the feed's bytes into a buffer it owns
 * and releases them at once.
 */
final class FramedFeedInput implements PacketInput {

    private static final int MPEG_LAYER_SHIFT = 1;
    private static final int MPEG_LAYER_MASK = 3;
    private static final int MPEG_LAYER_3 = 1;
    private static final int MPEG_LAYER_2 = 2;
    private static final int INITIAL_CAPACITY = 8192;

    private final SourceFeed feed;
    private final AudioFramer framer;
    private final boolean mpeg;
    private final ByteBufAllocator allocator;
    private final TranscoderStats stats;
    private ByteBuf pending;
    private long skippedReported;
    private int codecId;

    private FramedFeedInput(SourceFeed feed, AudioFramer framer, ByteBufAllocator allocator, TranscoderStats stats) {
        this.feed = feed;
        this.framer = framer;
        this.mpeg = framer instanceof Mp3Framer;
        this.allocator = allocator;
        this.stats = stats;
        this.codecId = mpeg ? AV_CODEC_ID_MP3 : AV_CODEC_ID_AAC;
    }

    /** An input for the feed when the core can frame its content type (MPEG audio, ADTS), else null. */
    static FramedFeedInput forFeed(SourceFeed feed, ByteBufAllocator allocator, TranscoderStats stats) {
        StreamKind kind = StreamKind.forContentType(feed.contentType());
        return kind == StreamKind.MPEG || kind == StreamKind.ADTS
                ? new FramedFeedInput(feed, kind.newFramer(), allocator, stats) : null;
    }

    @Override
    public int read(AVPacket packet) {
        try {
            for (;;) {
                int length = pending == null ? 0 : framer.nextFrame(pending);
                reportSkipped();
                if (length > 0) {
                    return copyFrame(length, packet);
                }
                ByteBuf more = feed.take();
                if (more == null) {
                    return AVERROR_EOF;
                }
                append(more);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AVERROR_EXIT;
        }
    }

    @Override
    public int codecId() {
        return codecId;
    }

    @Override
    public void configure(AVCodecContext decoder) {
        // MPEG audio and ADTS frames carry everything a decoder needs in their own headers.
    }

    @Override
    public void close() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private int copyFrame(int length, AVPacket packet) {
        if (mpeg) {
            int layer = pending.getUnsignedByte(pending.readerIndex() + 1) >>> MPEG_LAYER_SHIFT & MPEG_LAYER_MASK;
            codecId = layer == MPEG_LAYER_3 ? AV_CODEC_ID_MP3 : layer == MPEG_LAYER_2 ? AV_CODEC_ID_MP2 : AV_CODEC_ID_MP1;
        }
        FfmpegException.check(av_new_packet(packet, length), "av_new_packet");
        pending.readBytes(packet.data().capacity(length).asByteBuffer());
        return 0;
    }

    /** Copies the feed's bytes into a buffer of our own: the feed's may be shared slices. */
    private void append(ByteBuf more) {
        try {
            if (pending == null) {
                pending = allocator.buffer(Math.max(INITIAL_CAPACITY, more.readableBytes()));
            } else {
                pending.discardReadBytes();
            }
            pending.writeBytes(more);
        } finally {
            more.release();
        }
    }

    private void reportSkipped() {
        long skipped = framer.skippedBytes();
        if (skipped > skippedReported) {
            stats.nonAudio(skipped - skippedReported);
            skippedReported = skipped;
        }
    }
}
