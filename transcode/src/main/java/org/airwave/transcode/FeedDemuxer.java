package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.airwave.core.format.StreamKind;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An FFmpeg demuxer reading a {@link SourceFeed} through a custom I/O context, for the containers
 * the core cannot frame (Ogg, FLAC, unknown types): compressed packets of the source's first audio
 * stream come out of {@link #read}.
 *
 * <p>The demuxer is named from the content type's {@link StreamKind} when known; only unknown
 * types are probed, over at most {@link #PROBE_BYTES}. Stream-info analysis is skipped: the decoders
 * of every supported codec take their parameters from the bitstream or the container headers, and
 * analysis would hold back the first sound.
 *
 * <p>Ownership and threading: owned by the decoder thread, which opens, reads and closes it. The
 * feed's bytes are pulled on that thread from within FFmpeg, through one process-wide read callback
 * (JavaCPP callbacks are a scarce native resource) that finds the feed by the I/O context's opaque
 * key.
 */
final class FeedDemuxer implements PacketInput {

    private static final int IO_BUFFER_BYTES = 4096;
    private static final String PROBE_BYTES = "16384";
    private static final Map<Long, SourceFeed> FEEDS = new ConcurrentHashMap<>();
    private static final FeedReader READER = new FeedReader();

    private final SourceFeed feed;
    private final BytePointer key = new BytePointer(1);
    private AVIOContext io;
    private AVFormatContext format;
    private AVStream stream;

    private FeedDemuxer(SourceFeed feed) {
        this.feed = feed;
    }

    /**
     * Opens a demuxer on the feed's next bytes; blocks in the feed's read while the header has not
     * arrived.
     *
     * @throws FfmpegException when the bytes do not open as the expected container, or hold no audio
     */
    static FeedDemuxer open(SourceFeed feed) {
        FeedDemuxer demuxer = new FeedDemuxer(feed);
        try {
            demuxer.openInput(StreamKind.forContentType(feed.contentType()));
            return demuxer;
        } catch (RuntimeException e) {
            demuxer.close();
            throw e;
        }
    }

    /** FFmpeg's short name of the demuxer for {@code kind}, or null to probe an unknown type. */
    private static String demuxerName(StreamKind kind) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case MPEG -> "mp3";
            case ADTS -> "aac";
            case OGG -> "ogg";
            case FLAC -> "flac";
        };
    }

    private void openInput(StreamKind kind) {
        String demuxer = demuxerName(kind);
        String container = demuxer == null ? "probed input" : demuxer;
        FEEDS.put(key.address(), feed);
        BytePointer ioBuffer = new BytePointer(av_malloc(IO_BUFFER_BYTES));
        io = avio_alloc_context(ioBuffer, IO_BUFFER_BYTES, 0, key, READER, null, null);
        io.seekable(0);
        format = avformat_alloc_context();
        format.pb(io);
        AVInputFormat forced = demuxer == null ? null : av_find_input_format(demuxer);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "probesize", PROBE_BYTES, 0);
        int opened = avformat_open_input(format, (String) null, forced, options);
        av_dict_free(options);
        if (opened < 0) {
            format = null;
            throw new FfmpegException("avformat_open_input(" + container + ")", opened);
        }
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream candidate = format.streams(i);
            if (candidate.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                stream = candidate;
                return;
            }
        }
        throw new FfmpegException("finding an audio stream in " + container, AVERROR_STREAM_NOT_FOUND);
    }

    @Override
    public int codecId() {
        return stream.codecpar().codec_id();
    }

    @Override
    public void configure(AVCodecContext decoder) {
        FfmpegException.check(avcodec_parameters_to_context(decoder, stream.codecpar()),
                "avcodec_parameters_to_context");
    }

    /** Reads the next packet of the first audio stream, skipping other streams' packets. */
    @Override
    public int read(AVPacket packet) {
        for (;;) {
            int result = av_read_frame(format, packet);
            if (result < 0 || packet.stream_index() == stream.index()) {
                return result;
            }
            av_packet_unref(packet);
        }
    }

    @Override
    public void close() {
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
        if (io != null) {
            av_free(io.buffer());
            avio_context_free(io);
            io = null;
        }
        FEEDS.remove(key.address());
        key.close();
    }

    /** The one read callback: finds the feed by the opaque key and copies its bytes into FFmpeg's buffer. */
    private static final class FeedReader extends Read_packet_Pointer_BytePointer_int {

        FeedReader() {
            retainReference();
        }

        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            SourceFeed feed = FEEDS.get(opaque.address());
            if (feed == null) {
                return AVERROR_EOF;
            }
            try {
                int read = feed.read(buffer, size);
                return read < 0 ? AVERROR_EOF : read;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AVERROR_EXIT;
            } catch (RuntimeException e) {
                return AVERROR_EXIT;
            }
        }
    }
}
