package org.airwave.core.format;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test driver: feeds bytes to an {@link AudioFramer} the way a network reader does (appending each
 * read to a growing buffer, taking every whole frame, discarding consumed bytes) and records what
 * the framer reported for each frame.
 */
final class FramerFeed {

    /** One frame as reported by the framer; {@code offset} is its position in the fed bytes. */
    record Frame(long offset, int length, long durationMicros, boolean streamHeader, boolean startsNewStream,
            String title) {
    }

    /**
     * Frames found, bytes left in the buffer (neither consumed as frames nor skipped), and the most
     * bytes the framer left waiting in the buffer after any read.
     */
    record Result(List<Frame> frames, int leftover, int maxWaiting) {

        long totalDurationMicros() {
            return frames.stream().mapToLong(Frame::durationMicros).sum();
        }

        long totalFrameBytes() {
            return frames.stream().mapToLong(Frame::length).sum();
        }
    }

    private FramerFeed() {
    }

    static byte[] resource(String name) {
        try (InputStream in = FramerFeed.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource audio/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds all of {@code data} at once. */
    static Result feedWhole(AudioFramer framer, byte[] data) {
        return feed(framer, data, new Random(0), data.length, data.length);
    }

    /** Feeds {@code data} in pieces of random length between 1 and {@code maxPiece} bytes. */
    static Result feedInPieces(AudioFramer framer, byte[] data, long seed, int maxPiece) {
        return feed(framer, data, new Random(seed), 1, maxPiece);
    }

    private static Result feed(AudioFramer framer, byte[] data, Random random, int minPiece, int maxPiece) {
        List<Frame> frames = new ArrayList<>();
        ByteBuf buffer = Unpooled.buffer();
        try {
            long discarded = 0;
            int position = 0;
            int maxWaiting = 0;
            while (position < data.length) {
                int piece = Math.min(data.length - position, minPiece + random.nextInt(maxPiece - minPiece + 1));
                buffer.writeBytes(data, position, piece);
                position += piece;
                int length;
                while ((length = framer.nextFrame(buffer)) > 0) {
                    if (length > buffer.readableBytes()) {
                        throw new AssertionError("frame of " + length + " bytes but only "
                                + buffer.readableBytes() + " readable");
                    }
                    frames.add(new Frame(discarded + buffer.readerIndex(), length, framer.frameDurationMicros(),
                            framer.isStreamHeader(), framer.startsNewStream(), framer.inBandTitle()));
                    buffer.skipBytes(length);
                }
                maxWaiting = Math.max(maxWaiting, buffer.readableBytes());
                discarded += buffer.readerIndex();
                buffer.discardReadBytes();
            }
            return new Result(frames, buffer.readableBytes(), maxWaiting);
        } finally {
            buffer.release();
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, position, part.length);
            position += part.length;
        }
        return all;
    }

    static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code data} with {@code insert} placed before byte {@code at}. */
    static byte[] insert(byte[] data, long at, byte[] insert) {
        int split = Math.toIntExact(at);
        byte[] all = new byte[data.length + insert.length];
        System.arraycopy(data, 0, all, 0, split);
        System.arraycopy(insert, 0, all, split, insert.length);
        System.arraycopy(data, split, all, split + insert.length, data.length - split);
        return all;
    }
}
