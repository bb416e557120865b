package org.airwave.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.airwave.core.mount.MountRegistry;
import org.junit.jupiter.api.Test;

/** What a container health check or a load balancer gets from {@code /health}. */
class HealthHandlerTest {

    private final MountRegistry mounts = new MountRegistry();

    @Test
    void getAnswersUpWithTheCountsAndCloses() {
        mounts.mount("/live");
        mounts.mount("/night");
        FullHttpResponse response = ask(HttpMethod.GET);
        try {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
            String body = response.content().toString(StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("{\"status\":\"up\",\"mounts\":2,\"live_mounts\":0,\"listeners\":0}\n");
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(body.length());
        } finally {
            response.release();
        }
    }

    @Test
    void headAnswersTheSameHeadWithoutBody() {
        FullHttpResponse response = ask(HttpMethod.HEAD);
        try {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.content().readableBytes()).isZero();
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo("{\"status\":\"up\",\"mounts\":0,\"live_mounts\":0,\"listeners\":0}\n".length());
        } finally {
            response.release();
        }
    }

    private FullHttpResponse ask(HttpMethod method) {
        EmbeddedChannel channel = new EmbeddedChannel(new HealthHandler(mounts));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, HealthHandler.PATH));
        FullHttpResponse response = channel.readOutbound();
        assertThat(channel.isOpen()).as("closed after the answer").isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finishAndReleaseAll();
        return response;
    }
}
