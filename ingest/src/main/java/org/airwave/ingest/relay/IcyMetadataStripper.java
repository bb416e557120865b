package org.airwave.ingest.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Takes the ICY metadata blocks out of an upstream body that interleaves them every
 * {@code icy-metaint} audio bytes: passes the audio on as slices (no copy) and each block's title as
 * an {@link IcyTitle}. A block is one length byte (times 16) and that many bytes; a zero length
 * byte means "no change" and yields nothing. The audio counter is independent of how the body is
 * split into reads (and of chunked coding, which is removed before this handler).
 *
 * <p>Stateful: one per upstream connection, on its event loop.
 */
public final class IcyMetadataStripper extends ByteToMessageDecoder {

    /** Longest metadata block the format allows: the length byte counts 16-byte units. */
    public static final int MAX_BLOCK_BYTES = 255 * 16;

    private final int metaint;
    private int audioLeft;
    private int blockBytes = -1;

    /** @param metaint audio bytes between blocks, as the upstream's {@code icy-metaint} header said */
    public IcyMetadataStripper(int metaint) {
        if (metaint <= 0) {
            throw new IllegalArgumentException("icy-metaint must be positive (was " + metaint + ")");
        }
        this.metaint = metaint;
        this.audioLeft = metaint;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (audioLeft > 0) {
                int n = Math.min(audioLeft, in.readableBytes());
                out.add(in.readRetainedSlice(n));
                audioLeft -= n;
            } else if (blockBytes < 0) {
                blockBytes = in.readUnsignedByte() * 16;
                if (blockBytes == 0) {
                    endBlock();
                }
            } else if (in.readableBytes() >= blockBytes) {
                byte[] block = new byte[blockBytes];
                in.readBytes(block);
                IcyTitle title = IcyTitle.parse(block);
                if (title != null) {
                    out.add(title);
                }
                endBlock();
            } else {
                return;
            }
        }
    }

    private void endBlock() {
        blockBytes = -1;
        audioLeft = metaint;
    }
}
