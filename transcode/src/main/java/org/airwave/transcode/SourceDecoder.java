package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_DECODER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import io.netty.buffer.ByteBufAllocator;
import java.util.function.Supplier;
import org.airwave.core.stream.StreamMetadata;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.presets.avutil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one {@link SourceFeed} at a time into the {@link DecodedAudioQueue}, once, whatever the
 * ladder: the encoders share the decoded frames.
 *
 * <p>Input: MPEG audio and ADTS are framed by the core's parsers ({@link FramedFeedInput}), which
 * skip tags and garbage themselves; other containers go through an FFmpeg demuxer
 * ({@link FeedDemuxer}). A decoder is opened for the first packet and reopened when the codec
 * changes (an MP2 frame in an MP3 stream).
 *
 * <p>Recovery: a packet the decoder rejects is counted and skipped; after
 * {@link #MAX_CONSECUTIVE_ERRORS} rejections in a row the decoder is reopened, and when the demuxer
 * itself fails (garbage where a container was expected) input and decoder are reopened on the
 * bytes that follow. Either way the encoders never notice: they are fed silence until audio comes
 * back. The first error of each feed is logged; the rest are counted.
 *
 * <p>Threading and ownership: lives on the mount's decoder thread and owns its packet and
 * codec contexts; frames go out in queue slots.
 */
final class SourceDecoder implements AutoCloseable {

    /** Rejected packets in a row after which the decoder is reopened. */
    static final int MAX_CONSECUTIVE_ERRORS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(SourceDecoder.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int EAGAIN = avutil.AVERROR_EAGAIN();
    /** {@link #moveFrames} status: the queue closed (FFmpeg statuses are never positive). */
    private static final int QUEUE_CLOSED = 1;

    private final String mount;
    private final DecodedAudioQueue queue;
    private final Supplier<StreamMetadata> metadata;
    private final TranscoderStats stats;
    private final ByteBufAllocator allocator;
    private final AVPacket packet = av_packet_alloc();

    private AVCodecContext codec;
    private int codecId;
    private DecodedAudio spare;
    private int consecutiveErrors;
    private long feedErrors;

    SourceDecoder(String mount, DecodedAudioQueue queue, Supplier<StreamMetadata> metadata, TranscoderStats stats,
                  ByteBufAllocator allocator) {
        this.mount = mount;
        this.allocator = allocator;
        this.queue = queue;
        this.metadata = metadata;
        this.stats = stats;
    }

    /**
     * Decodes the feed until the source ended and everything it sent was decoded, or the feed was
     * discarded, then queues the source-end marker.
     *
     * @return false when the queue was closed (the transcoder is closing)
     */
    boolean decode(SourceFeed feed) throws InterruptedException {
        feedErrors = 0;
        boolean open = true;
        while (open && !feed.isExhausted()) {
            long consumed = feed.consumedBytes();
            open = decodeOneOpening(feed);
            if (feed.consumedBytes() == consumed && !feed.isExhausted()) {
                LOG.warn("{}: source ({}) cannot be read at all; dropping it", mount, feed.contentType());
                feed.discard();
            }
        }
        if (feedErrors > 0) {
            LOG.info("{}: source ({}) ended after {} decode errors", mount, feed.contentType(), feedErrors);
        }
        if (!open) {
            return false;
        }
        DecodedAudio end = queue.claim();
        if (end == null) {
            return false;
        }
        end.kind = DecodedAudio.Kind.SOURCE_END;
        queue.publish(end);
        return true;
    }

    /** One input (and decoder) lifetime; returns false when the queue closed. */
    private boolean decodeOneOpening(SourceFeed feed) throws InterruptedException {
        PacketInput input;
        try {
            input = openInput(feed);
        } catch (FfmpegException e) {
            recordError(feed, e.getMessage());
            return true;
        }
        try (input) {
            for (;;) {
                int read = input.read(packet);
                if (read == AVERROR_EOF) {
                    return codec == null || drain();
                }
                if (read == EAGAIN) {
                    continue;
                }
                if (read < 0) {
                    recordError(feed, "reading the stream: " + FfmpegException.describe(read));
                    return true;
                }
                if (codec == null || codecId != input.codecId()) {
                    closeDecoder();
                    openDecoder(input);
                }
                int sent = avcodec_send_packet(codec, packet);
                av_packet_unref(packet);
                if (sent < 0 && sent != EAGAIN) {
                    rejected(feed, sent, input);
                    continue;
                }
                if (!receiveFrames(feed, input)) {
                    return false;
                }
            }
        } catch (FfmpegException e) {
            recordError(feed, e.getMessage());
            return true;
        } finally {
            closeDecoder();
        }
    }

    private PacketInput openInput(SourceFeed feed) {
        PacketInput framed = FramedFeedInput.forFeed(feed, allocator, stats);
        return framed != null ? framed : FeedDemuxer.open(feed);
    }

    private void openDecoder(PacketInput input) {
        AVCodec decoder = avcodec_find_decoder(input.codecId());
        if (decoder == null) {
            throw new FfmpegException("finding a decoder for codec " + input.codecId(), AVERROR_DECODER_NOT_FOUND);
        }
        codec = avcodec_alloc_context3(decoder);
        codecId = input.codecId();
        input.configure(codec);
        FfmpegException.check(avcodec_open2(codec, decoder, (AVDictionary) null),
                "avcodec_open2(" + decoder.name().getString() + ")");
        consecutiveErrors = 0;
    }

    private void rejected(SourceFeed feed, int error, PacketInput input) {
        recordError(feed, "decoding: " + FfmpegException.describe(error));
        if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            closeDecoder();
            openDecoder(input);
        }
    }

    /** Moves every frame the decoder has ready into the queue; false when the queue closed. */
    private boolean receiveFrames(SourceFeed feed, PacketInput input) throws InterruptedException {
        int status = moveFrames();
        if (status == QUEUE_CLOSED) {
            return false;
        }
        if (status != EAGAIN && status != AVERROR_EOF) {
            rejected(feed, status, input);
        }
        return true;
    }

    /** Flushes the decoder at the end of the source; false when the queue closed. */
    private boolean drain() throws InterruptedException {
        avcodec_send_packet(codec, null);
        return moveFrames() != QUEUE_CLOSED;
    }

    /**
     * Receives frames straight into claimed queue slots until the decoder has none ready.
     *
     * @return the decoder's last status (EAGAIN, EOF or an error), or {@link #QUEUE_CLOSED}
     */
    private int moveFrames() throws InterruptedException {
        for (;;) {
            if (spare == null) {
                spare = queue.claim();
                if (spare == null) {
                    return QUEUE_CLOSED;
                }
            }
            int received = avcodec_receive_frame(codec, spare.frame);
            if (received < 0) {
                return received;
            }
            if (isPlayable(spare.frame)) {
                consecutiveErrors = 0;
                spare.kind = DecodedAudio.Kind.AUDIO;
                spare.metadata = metadata.get();
                spare.durationNanos = spare.frame.nb_samples() * NANOS_PER_SECOND / spare.frame.sample_rate();
                queue.publish(spare);
                spare = null;
            }
        }
    }

    private static boolean isPlayable(AVFrame frame) {
        return frame.nb_samples() > 0 && frame.sample_rate() > 0 && frame.ch_layout().nb_channels() > 0;
    }

    private void recordError(SourceFeed feed, String message) {
        stats.decodeError();
        if (feedErrors++ == 0) {
            LOG.warn("{}: source ({}) {}; recovering, later errors of this source are only counted",
                    mount, feed.contentType(), message);
        }
    }

    private void closeDecoder() {
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
    }

    @Override
    public void close() {
        closeDecoder();
        if (spare != null) {
            queue.recycle(spare);
            spare = null;
        }
        av_packet_free(packet);
    }
}
