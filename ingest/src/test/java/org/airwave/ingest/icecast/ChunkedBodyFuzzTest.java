package org.airwave.ingest.icecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import org.airwave.ingest.FuzzedConnection;

/**
 * Fuzz target for {@link ChunkedBodyDecoder}, the chunked transfer coding of a source body
 * (liquidsoap). Its contract: a framing error is a {@link CorruptedFrameException} (a decoder
 * exception), on which the source handler ends the source with the reason;
 * nothing else is thrown. Invariants: no other exception escapes; the audio passed on is never more
 * than the bytes received; the decoder holds at most {@link ChunkedBodyDecoder#MAX_SIZE_LINE_BYTES}
 * (a size or trailer line in progress); every buffer is released. The input's last bytes pick the
 * read size; the rest is the body as the source sends it.
 */
class ChunkedBodyFuzzTest {

    @FuzzTest
    void body(FuzzedDataProvider data) {
        int readBytes = data.consumeInt(1, 2048);
        byte[] bytes = data.consumeRemainingAsBytes();
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder();
        long[] audio = {0};
        try (FuzzedConnection connection = new FuzzedConnection(ChunkedBodyFuzzTest::isFramingError, decoder)) {
            connection.feed(bytes, readBytes, message -> audio[0] += ((ByteBuf) message).readableBytes(),
                    () -> assertThat(FuzzedConnection.cumulated(decoder)).as("bytes held by the chunk decoder")
                            .isLessThanOrEqualTo(ChunkedBodyDecoder.MAX_SIZE_LINE_BYTES));
        }
        assertThat(audio[0]).isLessThanOrEqualTo(bytes.length);
    }

    private static boolean isFramingError(Throwable e) {
        return e instanceof CorruptedFrameException;
    }
}
