package org.airwave.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.airwave.ingest.FuzzedConnection;

/**
 * Fuzz target for the request head every port reads first.
 *
 * <p>{@link RequestHeadDecoder}'s contract: it throws nothing; a malformed or oversized head comes
 * out as a request whose decoder result is a failure holding a {@link RequestHeadException} with
 * the 4xx status the router answers. Invariants: no exception escapes, at most one head comes out,
 * a successful head keeps every limit of {@link HeadLimits} (request line, header bytes and count)
 * and has no control character in its target, the bytes after the head pass on untouched, the
 * decoder never holds more than the larger of its line and header limits, and every buffer is
 * released. The input's last bytes pick the read size; the rest is what the peer sends.
 */
class RequestHeadFuzzTest {

    /** Smaller than the defaults so that the fuzzer reaches every limit within its input size. */
    private static final HeadLimits LIMITS = new HeadLimits(512, 1024, 16, Duration.ofSeconds(10));

    @FuzzTest
    void head(FuzzedDataProvider data) {
        int readBytes = data.consumeInt(1, 2048);
        byte[] bytes = data.consumeRemainingAsBytes();
        RequestHeadDecoder decoder = new RequestHeadDecoder(LIMITS);
        List<HttpRequest> heads = new ArrayList<>();
        long[] passedOn = {0};
        try (FuzzedConnection connection = new FuzzedConnection(e -> false, decoder)) {
            connection.feed(bytes, readBytes, message -> {
                if (message instanceof HttpRequest request) {
                    heads.add(request);
                    checkHead(request);
                } else {
                    assertThat(heads).as("bytes pass on only after the head").hasSize(1);
                    passedOn[0] += ((ByteBuf) message).readableBytes();
                }
            }, () -> {
                assertThat(heads).as("one head per connection").hasSizeLessThanOrEqualTo(1);
                assertThat(FuzzedConnection.cumulated(decoder)).as("bytes held by the head decoder")
                        .isLessThanOrEqualTo(Math.max(LIMITS.maxRequestLineBytes(), LIMITS.maxHeaderBytes()));
            });
        }
        assertThat(passedOn[0]).isLessThanOrEqualTo(bytes.length);
    }

    private static void checkHead(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            assertThat(cause).isInstanceOf(RequestHeadException.class);
            assertThat(((RequestHeadException) cause).status().code()).isBetween(400, 599);
            return;
        }
        assertThat(request.uri().length()).isLessThanOrEqualTo(LIMITS.maxRequestLineBytes());
        assertThat(request.uri().chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
        assertThat(request.headers().size()).isLessThanOrEqualTo(LIMITS.maxHeaderCount());
        int headerBytes = request.headers().entries().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().length() + 2).sum();
        assertThat(headerBytes).isLessThanOrEqualTo(LIMITS.maxHeaderBytes());
    }
}
