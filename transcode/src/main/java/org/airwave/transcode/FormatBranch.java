package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_freep;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;

import java.util.List;
import org.airwave.core.stream.StreamMetadata;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The rungs that share one output format (sample rate and channel count): decoded audio is
 * converted once for all of them (or not at all when the source already has their format), queued
 * in a sample FIFO, and cut into encoder-sized frames that every rung of the branch encodes.
 *
 * <p>Positions are counted in samples of the branch's rate since the transcoder started: the
 * FIFO's write position marks where each metadata version begins, and each encoder frame's
 * timestamp is its read position.
 *
 * <p>With a {@link SwitchFade}, the end of an input fades out and the start of the next fades in;
 * the FIFO then keeps the fade's length of samples back from the encoders.
 *
 * <p>Ownership and threading: encoder thread only; owns its FIFO, frame, silence, converter and fade.
 */
final class FormatBranch implements AutoCloseable {

    /** Silence is written from a prepared buffer of this many samples. */
    private static final int SILENCE_SAMPLES = 4096;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int sampleRate;
    private final int frameSize;
    private final AVChannelLayout layout = new AVChannelLayout();
    private final List<RungEncoder> encoders;
    private final AVAudioFifo fifo;
    private final AVFrame frame = av_frame_alloc();
    private final PointerPointer<?> frameData;
    private final PointerPointer<BytePointer> silence;

    private final SwitchFade fade;
    private PcmConverter converter;
    private StreamMetadata lastMetadata;
    private long samplesWritten;
    private long samplesEncoded;
    private long silenceRemainderNanos;

    /**
     * @param fadeSamples length of the fades at input switches, in samples; 0 for clean cuts
     */
    FormatBranch(int sampleRate, int channels, List<RungEncoder> encoders, int fadeSamples) {
        this.sampleRate = sampleRate;
        this.fade = fadeSamples > 0 ? new SwitchFade(fadeSamples, channels) : null;
        this.encoders = List.copyOf(encoders);
        this.frameSize = encoders.get(0).frameSize();
        av_channel_layout_default(layout, channels);
        fifo = av_audio_fifo_alloc(RungEncoder.SAMPLE_FORMAT, channels, 4 * frameSize);
        frame.format(RungEncoder.SAMPLE_FORMAT);
        frame.sample_rate(sampleRate);
        frame.nb_samples(frameSize);
        av_channel_layout_default(frame.ch_layout(), channels);
        FfmpegException.check(av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
        frameData = frame.extended_data();
        silence = new PointerPointer<>(channels);
        FfmpegException.check(av_samples_alloc(silence, null, channels, SILENCE_SAMPLES, RungEncoder.SAMPLE_FORMAT, 0),
                "av_samples_alloc");
        av_samples_set_silence(silence, 0, SILENCE_SAMPLES, channels, RungEncoder.SAMPLE_FORMAT);
    }

    /** Converts a decoded source frame into the branch and encodes every whole frame it completes. */
    void write(AVFrame decoded, StreamMetadata metadata) {
        if (converter == null || !converter.accepts(decoded)) {
            drainConverter();
            converter = new PcmConverter(decoded, sampleRate, layout, RungEncoder.SAMPLE_FORMAT);
        }
        markMetadata(metadata);
        int appended = converter.convert(decoded, fifo);
        samplesWritten += appended;
        if (fade != null) {
            fade.afterInput(fifo, appended);
        }
        encodeWholeFrames();
    }

    /** Feeds {@code nanos} of silence (accumulating rounding, so many short calls add up exactly). */
    void writeSilence(long nanos, StreamMetadata metadata) {
        long scaled = nanos * sampleRate + silenceRemainderNanos;
        long samples = scaled / NANOS_PER_SECOND;
        silenceRemainderNanos = scaled % NANOS_PER_SECOND;
        markMetadata(metadata);
        while (samples > 0) {
            int piece = (int) Math.min(samples, SILENCE_SAMPLES);
            FfmpegException.check(av_audio_fifo_write(fifo, silence, piece), "av_audio_fifo_write");
            samplesWritten += piece;
            samples -= piece;
        }
        encodeWholeFrames();
    }

    /** The source ended: the resampler's delayed samples go out (faded out) before whatever comes next. */
    void endOfSource() {
        drainConverter();
        if (fade != null) {
            fade.fadeOutTail(fifo);
        }
        encodeWholeFrames();
    }

    /** A source starts replacing silence: its first samples fade in. */
    void startOfSource() {
        if (fade != null) {
            fade.startFadeIn();
        }
    }

    /** Pads the last partial frame with silence, encodes it and flushes every rung (at close). */
    void finish() {
        drainConverter();
        encodeFrames(0);
        int partial = av_audio_fifo_size(fifo);
        if (partial > 0) {
            FfmpegException.check(av_audio_fifo_write(fifo, silence, frameSize - partial), "av_audio_fifo_write");
            encodeFrames(0);
        }
        for (RungEncoder encoder : encoders) {
            encoder.finish();
        }
    }

    /** Ends every rung's buffer that {@link #finish()} did not (after a failure). */
    void endBuffers() {
        for (RungEncoder encoder : encoders) {
            if (!encoder.buffer().isEnded()) {
                encoder.buffer().end();
            }
        }
    }

    private void drainConverter() {
        if (converter != null) {
            samplesWritten += converter.drain(fifo);
            converter.close();
            converter = null;
        }
    }

    private void markMetadata(StreamMetadata metadata) {
        if (metadata != lastMetadata) {
            lastMetadata = metadata;
            for (RungEncoder encoder : encoders) {
                encoder.markMetadata(samplesWritten, metadata);
            }
        }
    }

    private void encodeWholeFrames() {
        encodeFrames(fade == null ? 0 : fade.length());
    }

    /** Encodes whole frames while more than {@code heldBack} samples would remain queued. */
    private void encodeFrames(int heldBack) {
        while (av_audio_fifo_size(fifo) >= frameSize + heldBack) {
            FfmpegException.check(av_frame_make_writable(frame), "av_frame_make_writable");
            av_audio_fifo_read(fifo, frameData, frameSize);
            frame.pts(samplesEncoded);
            samplesEncoded += frameSize;
            for (RungEncoder encoder : encoders) {
                encoder.encode(frame);
            }
        }
    }

    @Override
    public void close() {
        if (converter != null) {
            converter.close();
            converter = null;
        }
        for (RungEncoder encoder : encoders) {
            encoder.close();
        }
        if (fade != null) {
            fade.close();
        }
        av_audio_fifo_free(fifo);
        av_frame_free(frame);
        av_freep(silence);
        silence.close();
        av_channel_layout_uninit(layout);
        layout.close();
    }
}
