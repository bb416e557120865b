package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_freep;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Brings one source format (sample format, rate, channel layout) to a {@link FormatBranch}'s
 * format and writes the result into the branch's FIFO. When the formats already match, frames are
 * copied as they are; otherwise libswresample converts (rate, layout and sample format in one pass).
 *
 * <p>Ownership and threading: encoder thread only; owns its resampler and scratch buffer and must
 * be {@link #close()}d.
 */
final class PcmConverter implements AutoCloseable {

    private final int inFormat;
    private final int inRate;
    private final AVChannelLayout inLayout = new AVChannelLayout();
    private final int outChannels;
    private final int outFormat;
    private final SwrContext resampler;
    private final PointerPointer<BytePointer> scratch;
    private int scratchSamples;

    /** A converter from the format of {@code sample} to the given output format. */
    PcmConverter(AVFrame sample, int outRate, AVChannelLayout outLayout, int outFormat) {
        this.inFormat = sample.format();
        this.inRate = sample.sample_rate();
        copyLayout(sample.ch_layout(), inLayout);
        this.outChannels = outLayout.nb_channels();
        this.outFormat = outFormat;
        boolean same = inFormat == outFormat && inRate == outRate && av_channel_layout_compare(inLayout, outLayout) == 0;
        if (same) {
            resampler = null;
            scratch = null;
            return;
        }
        PointerPointer<SwrContext> created = new PointerPointer<>(1);
        created.put(0, (Pointer) null);
        FfmpegException.check(swr_alloc_set_opts2(created, outLayout, outFormat, outRate, inLayout, inFormat, inRate,
                0, null), "swr_alloc_set_opts2");
        resampler = created.get(SwrContext.class, 0);
        created.close();
        int initialized = swr_init(resampler);
        if (initialized < 0) {
            swr_free(resampler);
            throw new FfmpegException("swr_init", initialized);
        }
        scratch = new PointerPointer<>(outChannels);
    }

    /** Whether frames like {@code frame} can go through this converter. */
    boolean accepts(AVFrame frame) {
        AVChannelLayout layout = frame.ch_layout();
        if (frame.format() != inFormat || frame.sample_rate() != inRate) {
            return false;
        }
        if (layout.order() == AV_CHANNEL_ORDER_UNSPEC) {
            return layout.nb_channels() == inLayout.nb_channels();
        }
        return av_channel_layout_compare(layout, inLayout) == 0;
    }

    /** Converts one frame into the FIFO; returns the samples written. */
    int convert(AVFrame frame, AVAudioFifo fifo) {
        if (resampler == null) {
            return write(fifo, frame.extended_data(), frame.nb_samples());
        }
        ensureScratch(swr_get_out_samples(resampler, frame.nb_samples()));
        int converted = FfmpegException.check(
                swr_convert(resampler, scratch, scratchSamples, frame.extended_data(), frame.nb_samples()),
                "swr_convert");
        return write(fifo, scratch, converted);
    }

    /** Writes the resampler's delayed samples into the FIFO (at the end of a source); returns them. */
    int drain(AVAudioFifo fifo) {
        if (resampler == null) {
            return 0;
        }
        int total = 0;
        ensureScratch(swr_get_out_samples(resampler, 0));
        int converted;
        while (scratchSamples > 0
                && (converted = swr_convert(resampler, scratch, scratchSamples, (PointerPointer<?>) null, 0)) > 0) {
            total += write(fifo, scratch, converted);
        }
        return total;
    }

    @Override
    public void close() {
        if (resampler != null) {
            swr_free(resampler);
            if (scratchSamples > 0) {
                av_freep(scratch);
            }
            scratch.close();
        }
        av_channel_layout_uninit(inLayout);
        inLayout.close();
    }

    private static int write(AVAudioFifo fifo, PointerPointer<?> data, int samples) {
        if (samples <= 0) {
            return 0;
        }
        return FfmpegException.check(av_audio_fifo_write(fifo, data, samples), "av_audio_fifo_write");
    }

    private void ensureScratch(int samples) {
        if (samples <= scratchSamples) {
            return;
        }
        if (scratchSamples > 0) {
            av_freep(scratch);
        }
        FfmpegException.check(av_samples_alloc(scratch, null, outChannels, samples, outFormat, 0), "av_samples_alloc");
        scratchSamples = samples;
    }

    /** Copies a layout, giving an unordered one the default order for its channel count. */
    private static void copyLayout(AVChannelLayout from, AVChannelLayout to) {
        if (from.order() == AV_CHANNEL_ORDER_UNSPEC) {
            av_channel_layout_default(to, from.nb_channels());
        } else {
            FfmpegException.check(av_channel_layout_copy(to, from), "av_channel_layout_copy");
        }
    }
}
