package org.airwave.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.auth.TestLogins;
import org.airwave.core.http.BasicCredentials;
import org.airwave.core.mount.MountRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a scraper gets from {@code /metrics}: the format it asks for, and a 401 without credentials when they are required. */
class MetricsHandlerTest {

    private final MountRegistry mounts = new MountRegistry();
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
    private final Monitoring monitoring = new Monitoring(mounts, loops);

    @AfterEach
    void close() {
        monitoring.close();
        loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void prometheusTextByDefault() {
        mounts.mount("/live");
        FullHttpResponse response = scrape(null, request(null), null);
        try {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE))
                    .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            String body = response.content().toString(StandardCharsets.UTF_8);
            assertThat(body).contains("# TYPE airwave_listeners gauge", "airwave_listeners{mount=\"/live\"} 0.0")
                    .doesNotContain("# EOF");
        } finally {
            response.release();
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        FullHttpResponse response = scrape(null, request("application/openmetrics-text; version=1.0.0,text/plain;q=0.5"),
                null);
        try {
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/openmetrics-text");
            assertThat(response.content().toString(StandardCharsets.UTF_8)).endsWith("# EOF\n");
        } finally {
            response.release();
        }
    }

    @Test
    void credentialsRequiredWhenConfigured() {
        CredentialCheck admin = new TestLogins().only("admin", "secret");
        FullHttpResponse refused = scrape(admin, request(null), null);
        FullHttpResponse wrong = scrape(admin, request(null), "admin:guess");
        FullHttpResponse allowed = scrape(admin, request(null), "admin:secret");
        try {
            assertThat(refused.status().code()).isEqualTo(401);
            assertThat(refused.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Basic ");
            assertThat(wrong.status().code()).isEqualTo(401);
            assertThat(allowed.status().code()).isEqualTo(200);
        } finally {
            refused.release();
            wrong.release();
            allowed.release();
        }
    }

    @Test
    void anOversizedAuthorizationIsRefusedNamingTheLimit() {
        CredentialCheck admin = new TestLogins().only("admin", "secret");
        FullHttpResponse refused = scrape(admin, request(null), "admin:" + "x".repeat(BasicCredentials.MAX_HEADER_CHARS));
        try {
            assertThat(refused.status().code()).isEqualTo(400);
            assertThat(refused.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("Authorization header longer than 1024 characters\r\n");
        } finally {
            refused.release();
        }
    }

    private static FullHttpRequest request(String accept) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, MetricsHandler.PATH);
        if (accept != null) {
            request.headers().set(HttpHeaderNames.ACCEPT, accept);
        }
        return request;
    }

    private FullHttpResponse scrape(CredentialCheck credentials, FullHttpRequest request, String login) {
        if (login != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        EmbeddedChannel channel = new EmbeddedChannel(new MetricsHandler(monitoring.registry(), credentials));
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(channel.isOpen()).as("closed after the answer").isFalse();
        channel.finishAndReleaseAll();
        return response;
    }
}
