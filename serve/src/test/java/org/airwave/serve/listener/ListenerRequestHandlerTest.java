package org.airwave.serve.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.ServeSettings;
import org.airwave.serve.web.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A listener's request target as hostile clients write it: every bad escape is answered, none hangs;
 * and the path is read as the source side reads it ({@code +} a plus, non-UTF-8 escapes as Latin-1).
 */
class ListenerRequestHandlerTest {

    private final MountRegistry mounts = new MountRegistry();
    private final ServeSettings settings = new ServeSettings(16000, StandardCharsets.UTF_8, LagPolicy.SKIP,
            100, "localhost:8000", Duration.ofMillis(100), 0);

    @ParameterizedTest
    @ValueSource(strings = {"/%zz", "/live%", "/%e", "/live.m3u%g1"})
    void aBadPercentEscapeIsAnswered400AndCounted(String target) {
        Exchange exchange = Exchange.get(handler(), target);

        assertThat(exchange.statusLine()).isEqualTo("HTTP/1.0 400 Bad Request");
        assertThat(exchange.body()).contains("'%' must be followed by two hex digits");
        assertThat(exchange.closed()).isTrue();
        assertThat(mounts.stats().rejections(Protocol.HTTP, RejectReason.BAD_REQUEST)).isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%00", "/live%0d%0a"})
    void anEscapedControlCharacterIsABadMount(String target) {
        Exchange exchange = Exchange.get(handler(), target);

        assertThat(exchange.statusLine()).isEqualTo("HTTP/1.0 400 Bad Request");
        assertThat(exchange.body()).startsWith("Bad mount: mount has a forbidden character");
    }

    @Test
    void aMountNamedInLatin1IsFoundAsTheSourceSideNamesIt() {
        offer(RequestTarget.decodePath("/caf%E9"));

        Exchange exchange = Exchange.get(handler(), "/caf%E9.m3u");

        assertThat(exchange.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(exchange.body()).contains("/caf");
    }

    @Test
    void aPlusInThePathIsAPlus() {
        offer("/a+b");

        assertThat(Exchange.get(handler(), "/a+b.m3u").statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(Exchange.get(handler(), "/a%20b.m3u").statusLine()).isEqualTo("HTTP/1.0 404 Not Found");
    }

    /** A mount listeners can resolve without a source: one rendition, as a transcoded mount has. */
    private void offer(String path) {
        mounts.mount(path).transcodeWith(new Transcoding(List.of(new Rendition("128", 128, 44100, 2,
                new BroadcastBuffer(new BufferLimits(2_000_000, 1 << 16, 500_000, 64)))), "128", true,
                (type, resume) -> null));
    }

    private ListenerRequestHandler handler() {
        return new ListenerRequestHandler(mounts, settings,
                new DefaultChannelGroup("test", GlobalEventExecutor.INSTANCE));
    }
}
