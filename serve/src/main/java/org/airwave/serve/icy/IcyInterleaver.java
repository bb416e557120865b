package org.airwave.serve.icy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import org.airwave.core.stream.StreamMetadata;

/**
 * One listener's ICY counter: splits the outgoing audio so that after exactly every
 * {@code metaint} audio bytes one metadata block follows, whatever the chunk boundaries. A block
 * describes the audio just before it: it carries the metadata of the chunk holding the audio
 * byte that precedes it. The block is the full title block when that metadata is newer (by
 * version) than the last one this listener got, else {@link IcyMetadataBlock#EMPTY_BLOCK}. The
 * listener's first block always carries the full title, even an empty one: the mount's current
 * title when the listener was given one ({@link #startWith}), so a new listener sees "now playing"
 * at once even though its burst audio predates the last title change (and never sees the burst's
 * older title after it).
 *
 * <p>Zero-copy: audio goes to the sink as retained slices of the chunk, metadata as duplicates of
 * the shared cached blocks. With {@code metaint} 0 (metadata disabled) a chunk passes as one
 * retained duplicate.
 *
 * <p>Ownership: {@link #write} does not take ownership of the audio buffer (the caller still
 * releases it); every buffer handed to the sink is owned by the sink, which must release it
 * (writing it to a channel does). Nothing else is retained.
 *
 * <p>Threading: not thread-safe. One instance per listener, used on its event loop; its state is
 * the bytes left until the next block and the last metadata sent.
 */
public final class IcyInterleaver {

    /** Receives the outgoing buffers in order and takes ownership of each. */
    @FunctionalInterface
    public interface Sink {
        void write(ByteBuf buf);
    }

    private final int metaint;
    private final Charset charset;
    private int untilBlock;
    private StreamMetadata lastSent;
    private StreamMetadata firstBlock;

    /**
     * @param metaint audio bytes between metadata blocks (the {@code icy-metaint} announced to the
     *                listener); 0 disables metadata
     * @param charset the charset of the titles
     */
    public IcyInterleaver(int metaint, Charset charset) {
        if (metaint < 0) {
            throw new IllegalArgumentException("icy-metaint must not be negative: " + metaint);
        }
        this.metaint = metaint;
        this.charset = charset;
        this.untilBlock = metaint;
    }

    /**
     * Writes the readable bytes of {@code audio} to {@code sink}, with the metadata blocks that
     * fall inside or right after them. {@code audio}'s indices are left untouched.
     *
     * @param audio the audio to send; not released here
     * @param metadataOfThisAudio the metadata current when this audio was made
     * @param sink receives retained slices and block duplicates, in stream order
     */
    public void write(ByteBuf audio, StreamMetadata metadataOfThisAudio, Sink sink) {
        int index = audio.readerIndex();
        int end = audio.writerIndex();
        if (index == end) {
            return;
        }
        if (metaint == 0) {
            sink.write(audio.retainedDuplicate());
            return;
        }
        while (index < end) {
            int length = Math.min(untilBlock, end - index);
            sink.write(audio.retainedSlice(index, length));
            index += length;
            audioSent(length);
            if (untilBlock == 0) {
                StreamMetadata chosen = nextBlockMetadata(metadataOfThisAudio, lastSent);
                blockStarted(chosen);
                sink.write(block(chosen).duplicate());
            }
        }
    }

    /**
     * Makes the first block carry {@code current} (the mount's title now) instead of the title of
     * the first audio sent. Call before the first {@link #write}.
     */
    public void startWith(StreamMetadata current) {
        this.firstBlock = current;
    }

    /** The announced interval; 0 when the listener gets no metadata. */
    public int metaint() {
        return metaint;
    }

    /** Audio bytes still to go before the next block; 0 when a block is due now. */
    public int untilBlock() {
        return untilBlock;
    }

    /** The metadata the last full block carried, or null before the first. */
    public StreamMetadata lastSent() {
        return lastSent;
    }

    /**
     * For writers that plan ahead of what the socket takes: the metadata the next block carries
     * when it follows audio made under {@code metadataOfPrecedingAudio} and the listener last got
     * {@code sentSoFar}; null for the empty block. Changes nothing.
     */
    public StreamMetadata nextBlockMetadata(StreamMetadata metadataOfPrecedingAudio, StreamMetadata sentSoFar) {
        StreamMetadata metadata = metadataOfPrecedingAudio;
        if (sentSoFar == null && firstBlock != null && firstBlock.version() > metadata.version()) {
            metadata = firstBlock;
        }
        if (sentSoFar != null && metadata.version() <= sentSoFar.version()) {
            return null;
        }
        return metadata;
    }

    /** The shared block for {@link #nextBlockMetadata}'s answer (read-only: write a duplicate or its memory). */
    public ByteBuf block(StreamMetadata chosen) {
        return chosen == null ? IcyMetadataBlock.EMPTY_BLOCK : IcyMetadataBlock.forMetadata(chosen, charset);
    }

    /** Records that {@code length} audio bytes went out (at most {@link #untilBlock()}). */
    public void audioSent(int length) {
        untilBlock -= length;
    }

    /** Records that the due block, carrying {@code chosen} (null: empty), started going out. */
    public void blockStarted(StreamMetadata chosen) {
        if (chosen != null) {
            lastSent = chosen;
        }
        untilBlock = metaint;
    }
}
