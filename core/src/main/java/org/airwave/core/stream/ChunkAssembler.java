package org.airwave.core.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.airwave.core.format.AudioFramer;

/**
 * Turns a source's byte stream into frame-aligned chunks: bytes go through an {@link AudioFramer},
 * whole frames are collected until a chunk holds the target duration (or byte size), and the chunk
 * is appended to the {@link BroadcastBuffer}. Non-audio bytes (tags, garbage) never reach listeners.
 *
 * <p>Ownership and threading: one per source session, driven by the thread that reads the source
 * (its event loop). It owns its pending input and the chunk being filled; {@link #close()} flushes
 * whole frames and releases the rest. It never writes into a buffer it was given (others may
 * share its memory): partial frames are kept in a buffer of its own.
 */
public final class ChunkAssembler implements AutoCloseable {

    private final AudioFramer framer;
    private final BroadcastBuffer out;
    private final Supplier<StreamMetadata> metadata;
    private final Consumer<String> inBandTitles;
    private final ByteBufAllocator allocator;
    private final long targetChunkMicros;
    private final int maxChunkBytes;
    private final long maxGarbageBytes;

    private ByteBuf pending;
    private boolean pendingOwned;
    private ByteBuf chunk;
    private long chunkMicros;
    private ByteBuf header;

    /**
     * @param targetChunkMicros a chunk is appended once it holds this much audio
     * @param maxChunkBytes a chunk is appended once it holds this many bytes, whatever its duration
     * @param maxGarbageBytes how many consecutive non-audio bytes make the stream garbage
     * @param inBandTitles receives titles carried in the stream itself (Vorbis comments)
     */
    public ChunkAssembler(AudioFramer framer, BroadcastBuffer out, Supplier<StreamMetadata> metadata,
                          Consumer<String> inBandTitles, ByteBufAllocator allocator,
                          long targetChunkMicros, int maxChunkBytes, long maxGarbageBytes) {
        this.framer = framer;
        this.out = out;
        this.metadata = metadata;
        this.inBandTitles = inBandTitles;
        this.allocator = allocator;
        this.targetChunkMicros = targetChunkMicros;
        this.maxChunkBytes = maxChunkBytes;
        this.maxGarbageBytes = maxGarbageBytes;
    }

    /**
     * Feeds source bytes; ownership of {@code data} passes to the assembler.
     *
     * @throws GarbageStreamException when more than the garbage limit of bytes in a row are not audio
     */
    public void feed(ByteBuf data) {
        if (pending == null) {
            pending = data;
            pendingOwned = false;
        } else {
            pending = appendTo(pending, data);
        }
        int length;
        while ((length = framer.nextFrame(pending)) > 0) {
            takeFrame(length);
        }
        if (framer.skippedSinceLastFrame() > maxGarbageBytes) {
            throw new GarbageStreamException("no " + framerName() + " frame in " + framer.skippedSinceLastFrame()
                    + " bytes (limits.max-garbage-bytes=" + maxGarbageBytes + ")");
        }
        if (!pending.isReadable()) {
            pending.release();
            pending = null;
        } else if (!pendingOwned) {
            // The caller's buffer may be shared (the transcoder reads the same bytes): keep a copy of
            // the partial frame instead of compacting memory that is not ours.
            ByteBuf rest = allocator.buffer(Math.max(pending.readableBytes(), 4096));
            rest.writeBytes(pending);
            pending.release();
            pending = rest;
            pendingOwned = true;
        } else if (pending.readerIndex() > 0) {
            pending.discardReadBytes();
        }
    }

    /**
     * Hands what was fed but is not in the buffer yet (stream headers waiting for the first audio
     * frame, the chunk being filled, a partial frame), in stream order, to {@code sink} as retained
     * duplicates (the sink owns each); stops at the first it refuses. With
     * {@link BroadcastBuffer#replayWindow} before it, a late consumer gets the stream as fed.
     */
    public void replayUnappended(Predicate<ByteBuf> sink) {
        for (ByteBuf part : new ByteBuf[] {header, chunk, pending}) {
            if (part != null && part.isReadable() && !sink.test(part.retainedDuplicate())) {
                return;
            }
        }
    }

    /** Appends the chunk being filled, if any. */
    public void flush() {
        if (chunk != null && chunk.isReadable()) {
            out.append(chunk, chunkMicros, metadata.get(), false);
        } else if (chunk != null) {
            chunk.release();
        }
        chunk = null;
        chunkMicros = 0;
    }

    @Override
    public void close() {
        flush();
        if (header != null) {
            header.release();
            header = null;
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private void takeFrame(int length) {
        String title = framer.inBandTitle();
        if (framer.startsNewStream()) {
            flush();
            if (header != null) {
                header.release();
                header = null;
            }
        }
        if (framer.isStreamHeader()) {
            if (header == null) {
                header = allocator.directBuffer(length);
            }
            header.writeBytes(pending, length);
        } else {
            if (header != null) {
                out.append(header, 0, metadata.get(), true);
                header = null;
            }
            if (chunk == null) {
                chunk = allocator.directBuffer(Math.min(maxChunkBytes, Math.max(length, 4096)));
            }
            chunk.writeBytes(pending, length);
            chunkMicros += framer.frameDurationMicros();
            if (chunkMicros >= targetChunkMicros || chunk.readableBytes() >= maxChunkBytes) {
                flush();
            }
        }
        if (title != null) {
            inBandTitles.accept(title);
        }
    }

    private ByteBuf appendTo(ByteBuf cumulation, ByteBuf data) {
        try {
            if (pendingOwned && cumulation.maxWritableBytes() >= data.readableBytes()) {
                cumulation.writeBytes(data);
                return cumulation;
            }
            ByteBuf merged = allocator.buffer(cumulation.readableBytes() + data.readableBytes());
            merged.writeBytes(cumulation).writeBytes(data);
            cumulation.release();
            pendingOwned = true;
            return merged;
        } finally {
            data.release();
        }
    }

    private String framerName() {
        return framer.getClass().getSimpleName().replace("Framer", "").toUpperCase(java.util.Locale.ROOT);
    }
}
