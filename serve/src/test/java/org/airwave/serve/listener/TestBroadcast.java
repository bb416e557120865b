package org.airwave.serve.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.StreamMetadata;

/**
 * A mount {@code /live} claimed by a test source, and what the test appended to its buffer: chunks
 * of {@code chunkBytes} whose bytes are a function of their sequence number, kept so that what a
 * listener receives can be compared with what was sent. Threading: the test thread appends; the
 * wait methods poll state that listeners change on their event loops.
 */
final class TestBroadcast {

    final Mount mount;
    final BroadcastBuffer buffer;
    private final int chunkBytes;
    private final long chunkMicros;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private int chunks;

    TestBroadcast(BufferLimits limits, int chunkBytes, long chunkMicros) {
        this.mount = new MountRegistry().mount("/live");
        this.buffer = mount.claim(new SourceInfo(Protocol.ICECAST, "audio/mpeg", "", "", "", "", false, "", "", "", "",
                Instant.now()), limits).orElseThrow().buffer();
        this.chunkBytes = chunkBytes;
        this.chunkMicros = chunkMicros;
    }

    /** Appends {@code count} chunks without a title. */
    void append(int count) {
        for (int i = 0; i < count; i++) {
            buffer.append(Unpooled.wrappedBuffer(nextChunk()), chunkMicros, StreamMetadata.EMPTY, false);
        }
    }

    /** Appends {@code count} chunks, each with a new title ("Title 001", "Title 002", ...). */
    void appendTitled(int count) {
        for (int i = 0; i < count; i++) {
            byte[] data = nextChunk();
            mount.updateMetadata(String.format("Title %03d", chunks), "");
            buffer.append(Unpooled.wrappedBuffer(data), chunkMicros, mount.metadata(), false);
        }
    }

    /** What was appended from chunk {@code sequence} on. */
    byte[] sentSince(long sequence) {
        byte[] all = sent.toByteArray();
        return Arrays.copyOfRange(all, (int) sequence * chunkBytes, all.length);
    }

    void awaitListeners(int count, Duration wait) throws InterruptedException {
        awaitCount(mount::listeners, count, wait);
    }

    void awaitReaders(int count, Duration wait) throws InterruptedException {
        awaitCount(buffer::readerCount, count, wait);
    }

    /** Ends the stream unless it has ended. */
    void end() {
        if (!buffer.isEnded()) {
            buffer.end();
        }
    }

    private byte[] nextChunk() {
        byte[] data = new byte[chunkBytes];
        for (int b = 0; b < data.length; b++) {
            data[b] = (byte) (chunks * 7 + b);
        }
        chunks++;
        sent.writeBytes(data);
        return data;
    }

    private static void awaitCount(IntSupplier actual, int expected, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(actual.getAsInt()).isEqualTo(expected);
    }
}
