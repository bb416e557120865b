package org.airwave.serve.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.ServeSettings;
import org.airwave.serve.web.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A listener's request target as hostile clients write it: every bad escape is answered, none hangs. */
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

    private ListenerRequestHandler handler() {
        return new ListenerRequestHandler(mounts, settings,
                new DefaultChannelGroup("test", GlobalEventExecutor.INSTANCE));
    }
}
