package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The listener page in a real browser (Debian {@code chromium}, headless, driven over DevTools):
 * a listener opens {@code /}, presses play on a station, hears it ({@code <audio>.currentTime}
 * advances), sees the title change when the broadcaster updates it, and switches to another bitrate
 * without the player stopping. The station is {@code /live} (the MP3 fixture as the source) with
 * Airwave's transcoding ladder 128/64 kbit/s: the default 128 kbit/s rendition at {@code /live}, the
 * rung {@code /live/64} and the source's own stream at {@code /live/source}. Screenshots (desktop and
 * phone) are saved as {@code app/target/browser-player*.png}.
 */
@Timeout(150)
@EndToEnd
class BrowserPlayerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path ARTIFACTS = Path.of("target");
    private static final String STATION = "document.querySelector('[data-mount=\"/live\"]')";
    private static final String AUDIO = STATION + ".querySelector('audio')";

    private RunningServer server;
    private ScriptedSource source;
    private BrowserSession browser;

    @BeforeEach
    void start() throws Exception {
        assertThat(ExternalProgram.isInstalled(BrowserSession.EXECUTABLE))
                .as(BrowserSession.EXECUTABLE + " must be installed (.ci/run installs it)").isTrue();
        server = RunningServer.start(Map.of("transcode.ladder", "128,64"));
        source = ScriptedSource.connect(server.port(), "/live", "ice-name: Airwave Test FM", "ice-genre: Test Tones",
                "ice-description: Sweeps and sines", "ice-bitrate: 128").feedMp3(1.0, Duration.ofSeconds(140));
        await().atMost(WAIT).until(() -> server.isLive("/live") && server.mount("/live").transcoding().isPresent());
        setTitle("First Artist - First Song");
        browser = BrowserSession.launch();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (source != null) {
            source.close();
        }
        server.close();
    }

    @Test
    void listenerPlaysSeesTheTitleChangeAndSwitchesBitrateWithoutStopping() throws Exception {
        browser.navigate(server.url("/"));
        await("the station with its renditions").atMost(WAIT).until(() -> browser.evaluate(
                STATION + " !== null && " + STATION + ".querySelectorAll('select option').length === 3").asBoolean());
        assertThat(text(".name")).isEqualTo("Airwave Test FM");
        assertThat(text(".title")).isEqualTo("First Artist - First Song");
        assertThat(browser.evaluate("Array.from(" + STATION + ".querySelectorAll('option')).map(o => o.value + '=' "
                + "+ o.textContent).join('|')").asText())
                .isEqualTo("/live=128 kbit/s|/live/64=64 kbit/s|/live/source=128 kbit/s (original)");
        assertThat(browser.evaluate(STATION + ".querySelector('a.m3u').getAttribute('href')").asText())
                .isEqualTo("/live.m3u");

        browser.evaluate(AUDIO + ".play().then(() => true)");
        awaitPlaying("the original stream", 2.0);
        assertThat(browser.evaluate(AUDIO + ".getAttribute('src')").asText()).isEqualTo("/live");
        await("the listener count on the page").atMost(WAIT).until(() -> text(".count").equals("1"));
        assertThat(server.mount("/live").listeners("128")).as("listening to the default rendition").isEqualTo(1);

        setTitle("Second Artist - Second Song");
        await("the new title on the page").atMost(Duration.ofSeconds(10))
                .until(() -> text(".title").equals("Second Artist - Second Song"));
        browser.viewport(1024, 640, false);
        browser.screenshot(ARTIFACTS.resolve("browser-player.png"));

        browser.evaluate("(() => { const s = " + STATION + ".querySelector('select'); s.value = '/live/64'; "
                + "s.dispatchEvent(new Event('change')); return true; })()");
        assertThat(browser.evaluate(AUDIO + ".getAttribute('src')").asText()).isEqualTo("/live/64");
        assertThat(browser.evaluate(STATION + ".querySelector('a.pls').getAttribute('href')").asText())
                .isEqualTo("/live/64.pls");
        awaitPlaying("the 64 kbit/s rendition after the switch", 2.0);
        await("the browser listening to the 64 kbit/s rung on the server").atMost(WAIT)
                .until(() -> server.mount("/live").listeners("64") == 1 && server.mount("/live").listeners("128") == 0);
        assertThat(browser.evaluate(AUDIO + ".paused").asBoolean()).isFalse();

        browser.viewport(390, 844, true);
        browser.screenshot(ARTIFACTS.resolve("browser-player-phone.png"));
        assertThat(Files.size(ARTIFACTS.resolve("browser-player.png"))).isGreaterThan(5_000);
    }

    /** Waits until the player is playing and its position has passed {@code seconds}. */
    private void awaitPlaying(String what, double seconds) {
        await(what + " playing").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            var state = browser.evaluate("({t: " + AUDIO + ".currentTime, p: " + AUDIO + ".paused, e: " + AUDIO
                    + ".error && " + AUDIO + ".error.code})");
            assertThat(state.path("e").isNull() || state.path("e").asInt() == 0)
                    .as("media error %s; chromium log:%n%s", state, browser.log()).isTrue();
            return !state.path("p").asBoolean() && state.path("t").asDouble() > seconds;
        });
    }

    private String text(String selector) throws Exception {
        return browser.evaluate(STATION + ".querySelector('" + selector + "').textContent").asText();
    }

    private void setTitle(String title) throws Exception {
        AdminRequests.setTitle(server.port(), AdminRequests.ADMIN, "/live", title);
        await().atMost(Duration.ofSeconds(5)).until(() -> title.equals(server.title("/live")));
    }
}
