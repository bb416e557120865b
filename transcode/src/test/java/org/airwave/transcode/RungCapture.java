package org.airwave.transcode;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.Chunk;
import org.airwave.core.stream.ListenerCursor;

/**
 * A listener that keeps everything a rung's buffer publishes: the bytes, and per chunk its
 * duration, metadata and the wall time it was appended. Reads on the writer's thread as it is woken
 * (a test listener may; a real one hands off to its event loop).
 */
final class RungCapture implements BroadcastBuffer.Reader {

    /** Everything a test produces fits: a minute of 320 kbit/s in 100 ms chunks. */
    static final BufferLimits LIMITS = new BufferLimits(60_000_000, 8 << 20, 0, 1024);

    /** One appended chunk as the listener saw it. */
    record Received(long startMicros, long durationMicros, int length, String title, long appendedNanos) {
    }

    final Rung rung;
    final BroadcastBuffer buffer = new BroadcastBuffer(LIMITS);
    private final ListenerCursor cursor;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Received> chunks = new ArrayList<>();

    RungCapture(Rung rung) {
        this.rung = rung;
        this.cursor = buffer.subscribe(this);
    }

    RungOutput output() {
        return new RungOutput(rung, buffer);
    }

    @Override
    public synchronized void onAppend() {
        long now = System.nanoTime();
        Chunk chunk;
        while ((chunk = cursor.next()) != null) {
            try {
                ByteBuf data = chunk.data();
                byte[] copy = new byte[data.readableBytes()];
                data.getBytes(data.readerIndex(), copy);
                bytes.write(copy, 0, copy.length);
                chunks.add(new Received(chunk.startMicros(), chunk.durationMicros(), copy.length,
                        chunk.metadata().title(), now));
            } finally {
                chunk.release();
            }
        }
    }

    synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    synchronized List<Received> chunks() {
        return List.copyOf(chunks);
    }

    synchronized long receivedMicros() {
        return chunks.stream().mapToLong(Received::durationMicros).sum();
    }

    Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve("rung-" + rung.bitrateKbps() + "-" + rung.sampleRate() + "-" + rung.channels() + ".mp3");
        Files.write(file, bytes());
        return file;
    }

    /** Stops listening; releases the buffer's chunks once the transcoder has ended it. */
    void detach() {
        buffer.unsubscribe(this);
    }
}
