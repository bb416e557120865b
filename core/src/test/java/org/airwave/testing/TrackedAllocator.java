package org.airwave.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it hands out, so that a fuzz target can check
 * after each input that all of them were released: paranoid leak detection only reports a leak
 * after a garbage collection, too late to name the input that caused it. Netty's own leak
 * detection is off for these buffers (this check replaces it).
 *
 * <p>Threading: confined to the test thread (an {@code EmbeddedChannel} runs on it).
 */
public final class TrackedAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackedAllocator() {
        super(false);
    }

    /** A tracked heap buffer holding a copy of {@code bytes[offset, offset + length)}. */
    public ByteBuf copyOf(byte[] bytes, int offset, int length) {
        return heapBuffer(length).writeBytes(bytes, offset, length);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Throws if a buffer handed out by this allocator has not been released. */
    public void assertAllReleased() {
        int live = 0;
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() != 0) {
                live++;
            }
        }
        if (live > 0) {
            throw new AssertionError(live + " of " + allocated.size() + " buffers not released");
        }
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }
}
