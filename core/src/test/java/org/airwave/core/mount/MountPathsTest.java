package org.airwave.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which well-formed paths may become mounts: not the ones the server answers itself. */
class MountPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin", "/admin/stats", "/admin/metadata", "/admin.cgi", "/admin.xsl", "/api",
        "/api/v1/status", "/api/v1/events", "/web", "/web/app.js", "/metrics", "/health", "/status-json.xsl",
        "/status.xsl", "/7.html", "/stats"})
    void theServersOwnPathsAreReserved(String path) {
        assertThat(MountPaths.isServerPath(path)).isTrue();
        assertThat(MountPaths.reservation(path)).isEqualTo(path + " is reserved for the server's own pages");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/live.m3u", "/live.M3U", "/a/b.pls", "/live.xspf"})
    void playlistSuffixesAreReserved(String path) {
        assertThat(MountPaths.isServerPath(path)).isFalse();
        assertThat(MountPaths.reservation(path)).endsWith("would be served as a playlist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/live", "/stream", "/administration", "/apis", "/live/128", "/live.mp3", "/stats2",
        "/metrics-feed", "/healthy", "/live.ogg"})
    void ordinaryMountsAreNot(String path) {
        assertThat(MountPaths.isServerPath(path)).isFalse();
        assertThat(MountPaths.reservation(path)).isNull();
    }
}
