package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;

import java.util.function.IntToDoubleFunction;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The smooth input switch of one {@link FormatBranch} ({@code transcode.switch-fade-millis}): the
 * last {@link #length()} samples of an input that ends fade out (equal-power curve), and the first
 * {@link #length()} samples of the input that starts fade in, instead of a hard cut on either side.
 * The branch holds that many samples back from its encoders so the end of an input can still be
 * faded when the end is noticed; that is the latency the fade costs.
 *
 * <p>Works on the branch's FIFO of planar float samples ({@link RungEncoder#SAMPLE_FORMAT}),
 * rewriting its newest samples in place. Ownership and threading: encoder thread only; owns its
 * native scratch planes.
 */
final class SwitchFade implements AutoCloseable {

    private final int length;
    private final int channels;
    private FloatPointer[] planes = new FloatPointer[0];
    private PointerPointer<FloatPointer> pointers;
    private float[] scratch = new float[0];
    private int capacity;
    private int fadeInPosition;

    /**
     * @param length fade length in samples (at the branch's rate), at least 1
     */
    SwitchFade(int length, int channels) {
        this.length = length;
        this.channels = channels;
        this.fadeInPosition = length;
    }

    /** Samples faded at each side of a switch, and held back from the encoders. */
    int length() {
        return length;
    }

    /** The input ended: fades out its last {@link #length()} samples (or all the FIFO holds, if fewer). */
    void fadeOutTail(AVAudioFifo fifo) {
        int size = av_audio_fifo_size(fifo);
        int count = Math.min(size, length);
        fadeInPosition = length;
        if (count > 0) {
            ramp(fifo, size - count, count, i -> Math.cos(Math.PI / 2 * (i + 1) / count));
        }
    }

    /** An input starts: its first {@link #length()} samples will fade in. */
    void startFadeIn() {
        fadeInPosition = 0;
    }

    /** Applies the fade-in still due to the {@code appended} samples of input just added to the FIFO. */
    void afterInput(AVAudioFifo fifo, int appended) {
        if (fadeInPosition >= length || appended <= 0) {
            return;
        }
        int count = Math.min(appended, length - fadeInPosition);
        int first = fadeInPosition;
        ramp(fifo, av_audio_fifo_size(fifo) - appended, count, i -> Math.sin(Math.PI / 2 * (first + i + 1) / length));
        fadeInPosition += count;
    }

    /** Multiplies FIFO samples {@code [from, from + count)} (from the oldest) by {@code gain(i)}. */
    private void ramp(AVAudioFifo fifo, int from, int count, IntToDoubleFunction gain) {
        int size = av_audio_fifo_size(fifo);
        ensureCapacity(size);
        FfmpegException.check(av_audio_fifo_read(fifo, pointers, size), "av_audio_fifo_read");
        for (FloatPointer plane : planes) {
            plane.get(scratch, 0, size);
            for (int i = 0; i < count; i++) {
                scratch[from + i] *= (float) gain.applyAsDouble(i);
            }
            plane.put(scratch, 0, size);
        }
        FfmpegException.check(av_audio_fifo_write(fifo, pointers, size), "av_audio_fifo_write");
    }

    private void ensureCapacity(int samples) {
        if (samples <= capacity) {
            return;
        }
        close();
        capacity = Math.max(samples, 2 * capacity);
        planes = new FloatPointer[channels];
        pointers = new PointerPointer<>(channels);
        for (int channel = 0; channel < channels; channel++) {
            planes[channel] = new FloatPointer(capacity);
            pointers.put(channel, planes[channel]);
        }
        scratch = new float[capacity];
    }

    @Override
    public void close() {
        for (FloatPointer plane : planes) {
            plane.close();
        }
        planes = new FloatPointer[0];
        if (pointers != null) {
            pointers.close();
            pointers = null;
        }
        capacity = 0;
    }
}
