package org.airwave.serve.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Limits;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.airwave.core.stream.Chunk;
import org.airwave.core.stream.StreamMetadata;

/**
 * One planned {@code writev} of a {@link SocketListenerStream}: the iovec array the kernel reads
 * (addresses into the shared chunks and ICY blocks) and, per entry, what it came from, so that
 * after a short write the stream can tell how far it got. Also the chunks the plan took from the
 * listener's cursor, in order.
 *
 * <p>Ownership: borrows everything; the stream owns the chunks it takes. Threading: one per event
 * loop thread ({@link #ofThisThread()}), reused by every listener the loop drains, one at a time.
 * The iovec memory is a JDK direct buffer and goes with the thread.
 */
final class SocketGather {

    /** Entries per write: well under the kernel's iovec limit, enough for seconds of audio. */
    static final int MAX_ENTRIES = Math.min(512, Limits.IOV_MAX);
    /** Bytes per write at most: what a catch-up may send at once before the loop serves others. */
    static final long MAX_BYTES = 256 * 1024;

    private static final FastThreadLocal<SocketGather> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected SocketGather initialValue() {
            return new SocketGather();
        }
    };

    private final IovArray iov;
    /** Where {@link #probe} reads what a listener sent (nothing, normally). */
    private final ByteBuffer probe = ByteBuffer.allocateDirect(256);
    private final Chunk[] chunks = new Chunk[MAX_ENTRIES];
    private final ByteBuf[] blocks = new ByteBuf[MAX_ENTRIES];
    private final StreamMetadata[] chosen = new StreamMetadata[MAX_ENTRIES];
    private final boolean[] newBlock = new boolean[MAX_ENTRIES];
    private final int[] offsets = new int[MAX_ENTRIES];
    private final int[] lengths = new int[MAX_ENTRIES];
    private final int[] takenIndex = new int[MAX_ENTRIES];
    private final Chunk[] taken = new Chunk[MAX_ENTRIES];
    private int entries;
    private int takenCount;
    private long bytes;

    private SocketGather() {
        ByteBuffer memory = ByteBuffer.allocateDirect(Limits.IOV_MAX * IovArray.IOV_SIZE);
        iov = new IovArray(Unpooled.wrappedBuffer(memory).clear());
    }

    static SocketGather ofThisThread() {
        return PER_THREAD.get();
    }

    void clear() {
        Arrays.fill(chunks, 0, entries, null);
        Arrays.fill(blocks, 0, entries, null);
        Arrays.fill(chosen, 0, entries, null);
        Arrays.fill(taken, 0, takenCount, null);
        iov.clear();
        entries = 0;
        takenCount = 0;
        bytes = 0;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    /** Whether the plan is as long as one write may be (or cannot take another chunk). */
    boolean isFull() {
        return entries >= MAX_ENTRIES || takenCount >= MAX_ENTRIES || iov.count() >= MAX_ENTRIES
                || bytes >= MAX_BYTES;
    }

    /** Records a chunk taken from the cursor for this plan. */
    void taken(Chunk chunk) {
        taken[takenCount++] = chunk;
    }

    /** Plans {@code length} audio bytes of {@code chunk} from {@code offset} (relative to its data's reader index). */
    void addAudio(Chunk chunk, int offset, int length) {
        ByteBuf data = chunk.data();
        add(data, data.readerIndex() + offset, length);
        chunks[entries] = chunk;
        offsets[entries] = offset;
        takenIndex[entries] = takenCount > 0 && taken[takenCount - 1] == chunk ? takenCount - 1 : -1;
        entries++;
    }

    /**
     * Plans an ICY block from {@code offset}.
     *
     * @param metadata what the block carries (null: the empty block)
     * @param isNew whether the block starts here (false: the rest of one a short write cut)
     */
    void addBlock(ByteBuf block, int offset, StreamMetadata metadata, boolean isNew) {
        add(block, block.readerIndex() + offset, block.readableBytes() - offset);
        blocks[entries] = block;
        chosen[entries] = metadata;
        newBlock[entries] = isNew;
        offsets[entries] = offset;
        takenIndex[entries] = -1;
        entries++;
    }

    private void add(ByteBuf buf, int index, int length) {
        if (!iov.add(buf, index, length)) {
            throw new IllegalStateException("iovec array full at " + iov.count() + " entries");
        }
        lengths[entries] = length;
        bytes += length;
    }

    /** Writes the plan; returns the bytes the socket took (0 when it is full). */
    long writeTo(FileDescriptor socket) throws IOException {
        return socket.writevAddresses(iov.memoryAddress(0), iov.count());
    }

    /**
     * Reads and drops what the peer sent; returns -1 once it closed its side, 0 when it sent
     * nothing, else the bytes dropped.
     */
    int probe(FileDescriptor socket) throws IOException {
        return socket.read(probe, 0, probe.capacity());
    }

    long bytes() {
        return bytes;
    }

    int entries() {
        return entries;
    }

    int length(int entry) {
        return lengths[entry];
    }

    /** The entry's chunk, or null for a block. */
    Chunk chunk(int entry) {
        return chunks[entry];
    }

    int audioOffset(int entry) {
        return offsets[entry];
    }

    /** The entry's index among the taken chunks, or -1 (a block, or the chunk the listener already had). */
    int takenIndex(int entry) {
        return takenIndex[entry];
    }

    ByteBuf block(int entry) {
        return blocks[entry];
    }

    int blockOffset(int entry) {
        return offsets[entry];
    }

    StreamMetadata chosen(int entry) {
        return chosen[entry];
    }

    boolean isNewBlock(int entry) {
        return newBlock[entry];
    }

    int takenCount() {
        return takenCount;
    }

    Chunk takenChunk(int index) {
        return taken[index];
    }
}
