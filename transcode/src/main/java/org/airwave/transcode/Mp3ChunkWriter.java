package org.airwave.transcode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.StreamMetadata;
import org.bytedeco.javacpp.BytePointer;

/**
 * Collects one rung's MP3 frames into chunks of about {@link TranscoderSettings#chunkMicros()} and
 * appends them to the rung's {@link BroadcastBuffer}. A chunk holds whole frames only and one
 * metadata version only: a title change closes the chunk early, so titles stay aligned with the
 * audio to the frame.
 *
 * <p>Durations are derived from the running sample count, so rounding never accumulates.
 *
 * <p>Ownership and threading: encoder thread only; owns the chunk being filled until it is
 * appended (the buffer then owns it).
 */
final class Mp3ChunkWriter {

    /** The largest MPEG audio layer III frame (320 kbit/s at 32 kHz, padded). */
    static final int MAX_FRAME_BYTES = 1441;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final BroadcastBuffer out;
    private final ByteBufAllocator allocator;
    private final int sampleRate;
    private final long chunkSamples;
    private final int chunkCapacity;
    private final RungStats stats;
    private final byte[] frameCopy = new byte[MAX_FRAME_BYTES];

    private ByteBuf chunk;
    private StreamMetadata chunkMetadata;
    private long chunkStartSample;
    private long samplesWritten;

    Mp3ChunkWriter(BroadcastBuffer out, ByteBufAllocator allocator, Rung rung, long chunkMicros, RungStats stats) {
        this.out = out;
        this.allocator = allocator;
        this.sampleRate = rung.sampleRate();
        this.chunkSamples = chunkMicros * rung.sampleRate() / MICROS_PER_SECOND;
        this.chunkCapacity = (int) (rung.bytesPerSecond() * chunkMicros / MICROS_PER_SECOND) + 2 * MAX_FRAME_BYTES;
        this.stats = stats;
    }

    /**
     * Adds one MP3 frame.
     *
     * @param data the frame (an encoder packet); copied, not kept
     * @param size its length in bytes
     * @param samples the samples per channel it decodes to
     * @param metadata the metadata current for its audio
     */
    void add(BytePointer data, int size, int samples, StreamMetadata metadata) {
        if (size > MAX_FRAME_BYTES) {
            throw new IllegalStateException("encoder produced a " + size + "-byte packet, over the largest MP3 frame ("
                    + MAX_FRAME_BYTES + " bytes)");
        }
        if (chunk != null && metadata != chunkMetadata) {
            flush();
        }
        if (chunk == null) {
            chunk = allocator.directBuffer(chunkCapacity);
            chunkMetadata = metadata;
            chunkStartSample = samplesWritten;
        }
        data.get(frameCopy, 0, size);
        chunk.writeBytes(frameCopy, 0, size);
        samplesWritten += samples;
        stats.frame();
        if (samplesWritten - chunkStartSample >= chunkSamples) {
            flush();
        }
    }

    /** Appends the chunk being filled, if any. */
    void flush() {
        if (chunk == null) {
            return;
        }
        long durationMicros = micros(samplesWritten) - micros(chunkStartSample);
        ByteBuf full = chunk;
        chunk = null;
        out.append(full, durationMicros, chunkMetadata, false);
    }

    private long micros(long samples) {
        return samples * MICROS_PER_SECOND / sampleRate;
    }
}
