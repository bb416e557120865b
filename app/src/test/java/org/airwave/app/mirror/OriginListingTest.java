package org.airwave.app.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An edge reads the stream list out of the status JSON that Icecast 2.4.4 really sent (captures) and Airwave's. */
class OriginListingTest {

    @Test
    void icecastWithoutSourcesListsNothing() throws IOException {
        assertThat(OriginListing.streamPaths(capturedBody("no-source"))).isEmpty();
    }

    @Test
    void icecastWithOneSourceWritesAnObject() throws IOException {
        assertThat(OriginListing.streamPaths(capturedBody("one-source"))).containsExactly("/live");
    }

    @Test
    void icecastWithTwoSourcesWritesAnArray() throws IOException {
        assertThat(OriginListing.streamPaths(capturedBody("two-sources"))).containsExactly("/live", "/live2.ogg");
    }

    @Test
    void onlyThePathOfEachListenUrlCountsAndUnusableEntriesAreLeftOut() {
        String json = "{\"icestats\":{\"source\":[{\"listenurl\":\"http://public.name:80/live/128\"},"
                + "{\"listenurl\":\"http://public.name:80/live/128\"},{\"listenurl\":42},{\"title\":\"no url\"},"
                + "{\"listenurl\":\"http://public.name:80/../etc\"},{\"listenurl\":\"http://public.name:80/live/source\"}]}}";

        assertThat(OriginListing.streamPaths(json)).containsExactly("/live/128", "/live/source");
    }

    @Test
    void aDocumentThatIsNotStatusJsonIsRefusedWithTheReason() {
        assertThatThrownBy(() -> OriginListing.streamPaths("<html>")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> OriginListing.streamPaths("{\"other\":1}")).hasMessageContaining("no icestats");
    }

    private static String capturedBody(String name) throws IOException {
        try (InputStream in = OriginListingTest.class.getResourceAsStream(
                "/handshakes/icecast2-status-json-" + name + ".response.bin")) {
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
