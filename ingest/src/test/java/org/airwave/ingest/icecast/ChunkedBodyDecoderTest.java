package org.airwave.ingest.icecast;

import static org.airwave.ingest.IngestTestKit.buf;
import static org.airwave.ingest.IngestTestKit.bytes;
import static org.airwave.ingest.IngestTestKit.concat;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkedBodyDecoder}: the de-chunked bytes equal the original body, whatever the chunk
 * sizes (liquidsoap's upper-case hex), extensions and read boundaries (inside size lines or data);
 * the zero chunk ends the body; a size line that is not hex is an error.
 */
class ChunkedBodyDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ChunkedBodyDecoder());
    private final List<EmbeddedChannel> extraChannels = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
        extraChannels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void liquidsoapCaptureIsDechunkedToTheOriginalAudio() {
        LiquidsoapChunkedCapture liquidsoap = new LiquidsoapChunkedCapture();

        channel.writeInbound(Unpooled.copiedBuffer(liquidsoap.completeChunks()));

        byte[] out = drain();
        assertThat(out).hasSize(798 + 322 + 612 + 240 + 823 + 418);
        assertThat(out).isEqualTo(liquidsoap.completeChunksData);
        assertThat(out[0] & 0xff).as("MP3 frame sync").isEqualTo(0xff);
    }

    @Test
    void upperCaseHexSizesAreRead() {
        byte[] data = pattern(0x1AB);
        channel.writeInbound(buf(bytes("1AB\r\n"), data, bytes("\r\n")));

        assertThat(drain()).isEqualTo(data);
    }

    @Test
    void lowerCaseHexSizesAreRead() {
        byte[] data = pattern(0x1ab);
        channel.writeInbound(buf(bytes("1ab\r\n"), data, bytes("\r\n")));

        assertThat(drain()).isEqualTo(data);
    }

    @Test
    void chunkExtensionsAreSkipped() {
        channel.writeInbound(buf("5;name=value;x\r\nhello\r\n6 ; ext\r\n world\r\n"));

        assertThat(new String(drain(), US_ASCII)).isEqualTo("hello world");
    }

    @Test
    void sizeLineSplitAcrossReadsIsJoined() {
        byte[] data = pattern(0x31E);
        channel.writeInbound(buf("3"));
        channel.writeInbound(buf("1"));
        channel.writeInbound(buf("E\r"));
        channel.writeInbound(buf("\n"));
        channel.writeInbound(Unpooled.copiedBuffer(data));
        channel.writeInbound(buf("\r\n"));

        assertThat(drain()).isEqualTo(data);
    }

    @Test
    void dataSplitAcrossReadsIsPassedOnAsItArrives() {
        byte[] data = pattern(1000);
        channel.writeInbound(buf(bytes("3E8\r\n"), Arrays.copyOfRange(data, 0, 300)));
        assertThat(drain()).as("first part is passed on at once").isEqualTo(Arrays.copyOfRange(data, 0, 300));

        channel.writeInbound(Unpooled.copiedBuffer(Arrays.copyOfRange(data, 300, 999)));
        channel.writeInbound(buf(new byte[] {data[999]}, bytes("\r\n2\r\nok\r\n")));

        assertThat(drain()).isEqualTo(concat(Arrays.copyOfRange(data, 300, 1000), bytes("ok")));
    }

    @Test
    void everyByteInItsOwnReadGivesTheSameBody() {
        byte[] body = concat(bytes("1A\r\n"), pattern(0x1A), bytes("\r\nF;x=y\r\n"), pattern(0xF), bytes("\r\n"));
        for (byte b : body) {
            channel.writeInbound(Unpooled.copiedBuffer(new byte[] {b}));
        }

        assertThat(drain()).isEqualTo(concat(pattern(0x1A), pattern(0xF)));
    }

    @Test
    void terminatingZeroChunkEndsTheBodyAndTheConnection() {
        channel.writeInbound(buf("5\r\nhello\r\n0\r\n\r\n5\r\nafter\r\n"));

        assertThat(new String(drain(), US_ASCII)).as("nothing after the end of the body is audio").isEqualTo("hello");
        assertThat(channel.isOpen()).as("the source is done: its connection closes").isFalse();
    }

    @Test
    void trailerFieldsAfterTheZeroChunkAreSkipped() {
        channel.writeInbound(buf("2\r\nok\r\n0\r\nX-Trailer: 1\r\n\r\n"));

        assertThat(new String(drain(), US_ASCII)).isEqualTo("ok");
    }

    @Test
    void sizeLineThatIsNotHexIsAnError() {
        EmbeddedChannel source = sourceLikeChannel();

        source.writeInbound(buf("zz\r\nhello\r\n"));

        assertThat(errors.get(0)).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("bad chunk size line");
        assertThat(source.isOpen()).isFalse();
        assertThat((Object) source.readInbound()).as("no audio passed on").isNull();
    }

    @Test
    void negativeSizeIsAnError() {
        EmbeddedChannel source = sourceLikeChannel();

        source.writeInbound(buf("-5\r\nhello\r\n"));

        assertThat(errors.get(0)).isInstanceOf(CorruptedFrameException.class);
        assertThat(source.isOpen()).isFalse();
    }

    @Test
    void endlessSizeLineIsAnError() {
        EmbeddedChannel source = sourceLikeChannel();

        source.writeInbound(buf("1".repeat(ChunkedBodyDecoder.MAX_SIZE_LINE_BYTES + 1)));

        assertThat(errors.get(0)).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("longer than");
        assertThat(source.isOpen()).isFalse();
    }

    /**
     * The decoder followed by a handler that, like the source stream handler, closes the
     * connection on any error (and records it).
     */
    private EmbeddedChannel sourceLikeChannel() {
        EmbeddedChannel source = new EmbeddedChannel(new ChunkedBodyDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
                ctx.close();
            }
        });
        extraChannels.add(source);
        return source;
    }

    private byte[] drain() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] copy = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), copy);
                out.writeBytes(copy);
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    /** {@code length} recognisable bytes, including CR, LF and '0'..'9' so they could be mistaken for framing. */
    private static byte[] pattern(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) "0\r\n9;AF\n".charAt(i % 8);
            if (i % 13 == 0) {
                data[i] = (byte) i;
            }
        }
        return data;
    }
}
