package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Icecast's {@code fallback-mount}: {@code /main} (transcoded to 64 kbit/s) plays {@code /backup}'s
 * playlist while it has no source of its own; a live source takes over and, when it leaves, the
 * fallback comes back. One listener of {@code /main} hears all of it with the right titles without
 * reconnecting, and its audio stays whole MP3 frames.
 */
@EndToEnd
class FallbackMountTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Set<String> PLAYLIST_TITLES = Set.of("Artist One - Title One", "Ärtist Two - Caffè Über");

    @TempDir
    Path tmp;

    @Test
    void aMountWithoutInputPlaysItsFallbackMountUntilALiveSourceComesAndAfterItLeaves() throws Exception {
        Path music = Files.createDirectory(tmp.resolve("music"));
        Files.copy(Fixtures.audio("track1.mp3"), music.resolve("track1.mp3"));
        Files.copy(Fixtures.audio("track2.mp3"), music.resolve("track2.mp3"));
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, "transcode:\n  ladder: []\n"
                + "mounts:\n  - path: /main\n    ladder: [64]\n    fallback-mount: /backup\n"
                + "playlists:\n  - mount: /backup\n    path: " + music + "\n");

        try (RunningServer server = RunningServer.start(config, Map.of())) {
            await().atMost(WAIT).until(() -> "fallback".equals(protocol(server)) && server.mount("/main").transcoding().isPresent());
            try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/main", "Icy-MetaData: 1")) {
                assertThat(listener.header("icy-br")).isEqualTo("64");
                listener.readUntil(reader -> lastTitleIn(reader, PLAYLIST_TITLES), WAIT, "a title of /backup's playlist");

                try (ScriptedSource live = ScriptedSource.connect(server.port(), "/main")) {
                    live.feedMp3(1.0, Duration.ofSeconds(30));
                    await().atMost(WAIT).until(() -> "icecast".equals(protocol(server)));
                    AdminRequests.setTitle(server.port(), AdminRequests.ADMIN, "/main", "Live DJ - On Air");
                    listener.readUntil(reader -> lastTitleIn(reader, Set.of("Live DJ - On Air")), WAIT, "the DJ's title");
                }
                await().atMost(WAIT).until(() -> "fallback".equals(protocol(server)));
                listener.readUntil(reader -> lastTitleIn(reader, PLAYLIST_TITLES), WAIT, "/backup's titles again");

                assertThat(listener.isEndOfStream()).as("the listener stayed connected").isFalse();
                IcyStreamReader.walkMp3Frames(listener.audio());
            }
        }
    }

    private static boolean lastTitleIn(IcyStreamReader reader, Set<String> titles) {
        return reader.titles().stream().filter(title -> !title.isEmpty()).reduce((first, second) -> second)
                .map(titles::contains).orElse(false);
    }

    private static String protocol(RunningServer server) {
        return server.mount("/main").liveSource().map(claim -> claim.info().protocol().tag()).orElse(null);
    }

}
