package org.airwave.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayTargetTest {

    @Test
    void parsesHostPortAndPathAndResolvesRedirects() {
        RelayTarget target = RelayTarget.parse("http://radio.example:8000/live?x=1");
        assertThat(target).isEqualTo(new RelayTarget("radio.example", 8000, "/live?x=1"));
        assertThat(RelayTarget.parse("http://[::1]/").hostHeader()).isEqualTo("[::1]");
        assertThat(target.resolve("/other")).isEqualTo(new RelayTarget("radio.example", 8000, "/other"));
        assertThat(target.resolve("http://b.example/s")).isEqualTo(new RelayTarget("b.example", 80, "/s"));
    }

    @Test
    void refusesWhatIsNoPlainHttpUrl() {
        assertThatThrownBy(() -> RelayTarget.parse("https://a.example/live")).hasMessageContaining("http://");
        assertThatThrownBy(() -> RelayTarget.parse("http:///live")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RelayTarget.parse("http://a b")).hasMessageContaining("not a URL");
    }

    @Test
    void readsShoutcastAndHttpStatusLines() {
        UpstreamResponse icy = UpstreamHeadDecoder.parse("ICY 200 OK\nicy-metaint:8192\ncontent-type:audio/mpeg\n");
        assertThat(icy.status()).isEqualTo(200);
        assertThat(icy.metaint()).isEqualTo(8192);
        UpstreamResponse moved = UpstreamHeadDecoder.parse("HTTP/1.1 302 Found\r\nLocation: /b\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: audio/aacp; charset=x\r\n");
        assertThat(moved.isRedirect()).isTrue();
        assertThat(moved.isChunked()).isTrue();
        assertThat(moved.contentType()).isEqualTo("audio/aacp");
        assertThat(new UpstreamResponse("ICY", 200, "OK", Map.of()).metaint()).isZero();
        assertThatThrownBy(() -> UpstreamHeadDecoder.parse("SPDY/3 200 OK\r\n"))
                .hasMessageContaining("unexpected status line from upstream: 'SPDY/3 200 OK'");
    }
}
