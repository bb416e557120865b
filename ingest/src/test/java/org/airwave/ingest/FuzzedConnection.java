package org.airwave.ingest;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.airwave.testing.TrackedAllocator;

/**
 * Fuzz driver for a decoder pipeline: one {@link EmbeddedChannel} whose every buffer comes from a
 * {@link TrackedAllocator}, fed a fuzz input in reads of a given size as a peer's bytes arrive. After
 * each read it hands every message that came out of the pipeline (inbound and outbound) to the
 * target's checks and releases it; an exception that escapes the pipeline fails the input unless the
 * decoder documents it. {@link #close()} closes the channel and fails if any buffer is still held.
 *
 * <p>Threading: the test thread only.
 */
public final class FuzzedConnection implements AutoCloseable {

    private static final Method INTERNAL_BUFFER = internalBufferMethod();

    private final TrackedAllocator allocator = new TrackedAllocator();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Predicate<Throwable> documented;
    private Throwable documentedFailure;

    /**
     * @param documented the exceptions the decoder documents (the pipeline after it turns them into
     *                   an answer or a close); any other exception fails the input
     */
    public FuzzedConnection(Predicate<Throwable> documented, ChannelHandler... handlers) {
        this.documented = documented;
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(handlers);
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    /**
     * Feeds {@code bytes} in reads of {@code readBytes}, stopping when the channel closes or a
     * documented exception ends the connection; after each read, {@code each} sees every message that
     * left the pipeline (it must not release them) and {@code afterRead} runs the target's checks
     * (not after a documented exception: the connection is then closed with whatever it held).
     */
    public void feed(byte[] bytes, int readBytes, Consumer<Object> each, Runnable afterRead) {
        for (int offset = 0; offset < bytes.length && channel.isOpen() && documentedFailure == null;
             offset += readBytes) {
            int length = Math.min(readBytes, bytes.length - offset);
            try {
                channel.writeInbound(allocator.copyOf(bytes, offset, length));
            } catch (RuntimeException e) {
                fail(e);
            }
            drain(each);
            if (documentedFailure == null) {
                afterRead.run();
            }
        }
    }

    /** The documented exception that ended the connection, or null. */
    public Throwable documentedFailure() {
        return documentedFailure;
    }

    /** Bytes the decoder holds back in its cumulation buffer. */
    public static int cumulated(ByteToMessageDecoder decoder) {
        try {
            return ((io.netty.buffer.ByteBuf) INTERNAL_BUFFER.invoke(decoder)).readableBytes();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the channel as the peer's leaving would, and fails if a buffer was not released. */
    @Override
    public void close() {
        try {
            channel.finishAndReleaseAll();
        } catch (RuntimeException e) {
            fail(e);
        }
        allocator.assertAllReleased();
    }

    private void drain(Consumer<Object> each) {
        Object message;
        while ((message = channel.readInbound()) != null || (message = channel.readOutbound()) != null) {
            try {
                each.accept(message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
    }

    private void fail(RuntimeException e) {
        if (!documented.test(e)) {
            throw new AssertionError("undocumented exception escaped the pipeline", e);
        }
        documentedFailure = e;
    }

    private static Method internalBufferMethod() {
        try {
            Method method = ByteToMessageDecoder.class.getDeclaredMethod("internalBuffer");
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
