package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.ArrayDeque;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.StreamMetadata;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One rung's libmp3lame encoder (CBR) and the chunk writer behind it. FFmpeg's libmp3lame wrapper
 * emits one MP3 frame per packet and never a Xing/Info frame or a tag, so packets go straight into
 * chunks.
 *
 * <p>Metadata: the branch marks the sample position where each new metadata version starts; a
 * packet takes the newest version that starts within or before its audio (by its timestamp in
 * samples), which keeps titles aligned across LAME's delay.
 *
 * <p>Ownership and threading: created on the thread that builds the transcoder, then used only on
 * the encoder thread; owns its native codec context and packet.
 */
final class RungEncoder implements AutoCloseable {

    /** The encoder's sample format (one of libmp3lame's: planar float, like most decoders' output). */
    static final int SAMPLE_FORMAT = AV_SAMPLE_FMT_FLTP;

    private static final String ENCODER = "libmp3lame";
    private static final int EAGAIN = org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN();

    private final RungOutput output;
    private final RungStats stats;
    private final Mp3ChunkWriter writer;
    private final AVCodecContext context;
    private final AVPacket packet = av_packet_alloc();
    private final ArrayDeque<MetadataMark> pendingMarks = new ArrayDeque<>();
    private StreamMetadata current = StreamMetadata.EMPTY;

    private record MetadataMark(long fromSample, StreamMetadata metadata) {
    }

    RungEncoder(RungOutput output, TranscoderSettings settings, RungStats stats) {
        this.output = output;
        this.stats = stats;
        Rung rung = output.rung();
        AVCodec lame = avcodec_find_encoder_by_name(ENCODER);
        if (lame == null) {
            throw new IllegalStateException("this FFmpeg build has no " + ENCODER + " encoder");
        }
        context = avcodec_alloc_context3(lame);
        context.sample_fmt(SAMPLE_FORMAT);
        context.sample_rate(rung.sampleRate());
        av_channel_layout_default(context.ch_layout(), rung.channels());
        context.bit_rate(rung.bitrateKbps() * 1000L);
        context.compression_level(settings.lameQuality());
        context.time_base(av_make_q(1, rung.sampleRate()));
        int opened = avcodec_open2(context, lame, (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            av_packet_free(packet);
            throw new FfmpegException("opening " + ENCODER + " for " + rung, opened);
        }
        writer = new Mp3ChunkWriter(output.buffer(), settings.allocator(), rung, settings.chunkMicros(), stats);
    }

    Rung rung() {
        return output.rung();
    }

    BroadcastBuffer buffer() {
        return output.buffer();
    }

    /** Samples per channel the encoder takes per frame (1152, or 576 at MPEG-2 rates). */
    int frameSize() {
        return context.frame_size();
    }

    /** Audio from {@code fromSample} on carries {@code metadata}. */
    void markMetadata(long fromSample, StreamMetadata metadata) {
        pendingMarks.addLast(new MetadataMark(fromSample, metadata));
    }

    /** Encodes one frame of {@link #frameSize()} samples and chunks whatever MP3 frames come out. */
    void encode(AVFrame frame) {
        long start = System.nanoTime();
        FfmpegException.check(avcodec_send_frame(context, frame), "avcodec_send_frame(" + ENCODER + ")");
        receivePackets();
        stats.encoded(System.nanoTime() - start);
    }

    /** Flushes LAME's delayed frames and the last chunk, then ends the rung's buffer. */
    void finish() {
        avcodec_send_frame(context, null);
        receivePackets();
        writer.flush();
        output.buffer().end();
    }

    private void receivePackets() {
        int received;
        while ((received = avcodec_receive_packet(context, packet)) >= 0) {
            int samples = packet.duration() > 0 ? (int) packet.duration() : frameSize();
            long end = packet.pts() + samples;
            while (!pendingMarks.isEmpty() && pendingMarks.peekFirst().fromSample() < end) {
                current = pendingMarks.removeFirst().metadata();
            }
            writer.add(packet.data(), packet.size(), samples, current);
            av_packet_unref(packet);
        }
        if (received != EAGAIN && received != AVERROR_EOF) {
            throw new FfmpegException("avcodec_receive_packet(" + ENCODER + ")", received);
        }
    }

    @Override
    public void close() {
        avcodec_free_context(context);
        av_packet_free(packet);
    }
}
