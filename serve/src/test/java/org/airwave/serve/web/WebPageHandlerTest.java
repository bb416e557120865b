package org.airwave.serve.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The page and its files: served from the classpath, revalidated by ETag, locked down by CSP. */
class WebPageHandlerTest {

    private final WebAssets assets = new WebAssets();
    private final WebResponses responses = new WebResponses(Clock.systemUTC());

    @Test
    void rootIsThePageWithItsSecurityHeaders() {
        Exchange page = Exchange.get(new WebPageHandler(assets, responses), "/");
        assertThat(page.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).contains("<audio controls preload=\"none\">").contains("/web/app.js")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void filesCarryTypesAndRevalidateByEtag() {
        Exchange script = Exchange.get(new WebPageHandler(assets, responses), "/web/app.js");
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("EventSource").doesNotContain("innerHTML");
        Exchange again = Exchange.get(new WebPageHandler(assets, responses), "/web/app.js",
                "If-None-Match: " + script.header("ETag"));
        assertThat(again.statusLine()).isEqualTo("HTTP/1.0 304 Not Modified");
        assertThat(again.body()).isEmpty();
        assertThat(Exchange.get(new WebPageHandler(assets, responses), "/web/style.css").header("Content-Type"))
                .isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void headHasNoBodyAndUnknownFilesAre404() {
        Exchange head = Exchange.run(new WebPageHandler(assets, responses), HttpMethod.HEAD, "/");
        assertThat(head.body()).isEmpty();
        assertThat(Integer.parseInt(head.header("Content-Length"))).isPositive();
        assertThat(assets.has("/web/../pom.xml")).isFalse();
        assertThat(Exchange.get(new WebPageHandler(assets, responses), "/web/nothing.js").statusLine())
                .isEqualTo("HTTP/1.0 404 File Not Found");
    }
}
