package org.airwave.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.airwave.ingest.FuzzedConnection;

/**
 * Fuzz targets for what a relay reads from its upstream: the response head and the ICY metadata
 * interleaved in the body.
 *
 * <p>{@link UpstreamHeadDecoder}'s contract: a head that is not a status line, or longer than its
 * limit, is a {@link CorruptedFrameException} or {@link TooLongFrameException} (decoder exceptions); the relay then counts the upstream as failed and tries the next.
 * Invariants: nothing else escapes; one response at most, with a three-digit status; the decoder
 * holds at most its limit while the head is incomplete; every buffer is released.
 *
 * <p>{@link IcyMetadataStripper} throws nothing. Invariants: the audio it passes on is exactly what
 * an independent walk of the ICY layout (audio, length byte, block) yields, and it holds at most one
 * metadata block plus its length byte. The input's first two bytes are the {@code icy-metaint}
 * (0 read as 1), the third the read size, the rest the body.
 */
class UpstreamFuzzTest {

    private static final int MAX_HEAD_BYTES = 1024;

    @FuzzTest
    void head(FuzzedDataProvider data) {
        int readBytes = data.consumeInt(1, 2048);
        byte[] bytes = data.consumeRemainingAsBytes();
        UpstreamHeadDecoder decoder = new UpstreamHeadDecoder(MAX_HEAD_BYTES);
        List<UpstreamResponse> responses = new ArrayList<>();
        try (FuzzedConnection connection = new FuzzedConnection(UpstreamFuzzTest::isBadHead, decoder)) {
            connection.feed(bytes, readBytes, message -> {
                if (message instanceof UpstreamResponse response) {
                    assertThat(response.status()).isBetween(0, 999);
                    responses.add(response);
                } else {
                    assertThat(responses).as("body bytes only after the head").hasSize(1);
                    assertThat(message).isInstanceOf(ByteBuf.class);
                }
            }, () -> {
                assertThat(responses).hasSizeLessThanOrEqualTo(1);
                if (responses.isEmpty()) {
                    assertThat(FuzzedConnection.cumulated(decoder)).as("bytes held for the head")
                            .isLessThanOrEqualTo(MAX_HEAD_BYTES);
                }
            });
        }
    }

    @FuzzTest
    void icyMetadata(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int metaint = Math.max(1, (input[0] & 0xFF) << 8 | (input[1] & 0xFF));
        int readBytes = (input[2] & 0xFF) + 1;
        byte[] body = java.util.Arrays.copyOfRange(input, 3, input.length);
        IcyMetadataStripper stripper = new IcyMetadataStripper(metaint);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        try (FuzzedConnection connection = new FuzzedConnection(e -> false, stripper)) {
            connection.feed(body, readBytes, message -> {
                if (message instanceof ByteBuf buf) {
                    byte[] copy = new byte[buf.readableBytes()];
                    buf.getBytes(buf.readerIndex(), copy);
                    audio.writeBytes(copy);
                } else {
                    assertThat(message).isInstanceOf(IcyTitle.class);
                }
            }, () -> assertThat(FuzzedConnection.cumulated(stripper)).as("bytes held for a metadata block")
                    .isLessThanOrEqualTo(IcyMetadataStripper.MAX_BLOCK_BYTES + 1));
        }
        assertThat(audio.toByteArray()).isEqualTo(audioOf(body, metaint));
    }

    /** The audio bytes of an ICY body: {@code metaint} audio bytes, a length byte, 16 times that many bytes, again. */
    private static byte[] audioOf(byte[] body, int metaint) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int n = Math.min(metaint, body.length - i);
            audio.write(body, i, n);
            i += n;
            if (i < body.length) {
                i += 1 + (body[i] & 0xFF) * 16;
            }
        }
        return audio.toByteArray();
    }

    private static boolean isBadHead(Throwable e) {
        return e instanceof CorruptedFrameException || e instanceof TooLongFrameException;
    }
}
