package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A radio's day: a playlist plays, a live DJ (ffmpeg) connects to the same mount and takes over at
 * once, leaves, and the playlist resumes; listeners of the transcoded rendition stay connected the
 * whole time, hear the titles follow the input (playlist, the DJ's empty title, playlist), and
 * their capture decodes without an error.
 */
@EndToEnd
class TakeoverTest {

    private static final Set<String> PLAYLIST_TITLES = Set.of("Artist One - Title One", "Ärtist Two - Caffè Über");

    @TempDir
    Path tmp;

    private RunningServer server;
    private final List<ExternalProgram> programs = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ExternalProgram program : programs) {
            program.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void liveSourceTakesOverThePlaylistAndThePlaylistResumes() throws Exception {
        Path music = Files.createDirectory(tmp.resolve("music"));
        Files.copy(Fixtures.audio("track1.mp3"), music.resolve("track1.mp3"));
        Files.copy(Fixtures.audio("track2.mp3"), music.resolve("track2.mp3"));
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, "playlists:\n  - mount: /radio\n    path: " + music + "\n");
        server = RunningServer.start(config, Map.of("transcode.ladder", "64"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.mount("/radio").transcoding().isPresent());
        assertThat(server.title("/radio")).isIn(PLAYLIST_TITLES);

        long listening = System.nanoTime();
        IcyStreamReader listener = IcyStreamReader.open(server.port(), "/radio/64", "Icy-MetaData: 1");
        listener.readUntil(reader -> reader.blocks().stream().map(IcyStreamReader.MetadataBlock::streamTitle)
                .anyMatch(PLAYLIST_TITLES::contains), Duration.ofSeconds(10), "a playlist title").startPump();

        ExternalProgram dj = run(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error", "-re", "-t", "5",
                "-i", Fixtures.audio("test-128k-44k1-stereo.mp3").toString(), "-c:a", "copy",
                "-content_type", "audio/mpeg", "-f", "mp3",
                "icecast://source:" + RunningServer.SOURCE_PASSWORD + "@127.0.0.1:" + server.port() + "/radio"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.mount("/radio").liveSource()
                .map(claim -> claim.info().protocol().tag().equals("icecast")).orElse(false));
        assertThat(server.title("/radio")).as("the DJ starts with an empty title").isEmpty();

        assertThat(dj.waitFor(Duration.ofSeconds(30))).as(dj.output()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.mount("/radio").liveSource()
                .map(claim -> claim.info().protocol().tag().equals("playlist")).orElse(false));
        assertThat(server.title("/radio")).isIn(PLAYLIST_TITLES);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> heard = listener.titles();
            int djAt = heard.indexOf("");
            return djAt > 0 && heard.subList(djAt, heard.size()).stream().anyMatch(PLAYLIST_TITLES::contains);
        });
        listener.stopPump();
        double listenedSeconds = (System.nanoTime() - listening) / 1e9;

        assertThat(listener.isEndOfStream()).as("the listener stayed connected through both switches").isFalse();
        List<String> titles = listener.titles();
        int live = titles.indexOf("");
        assertThat(live).as("titles heard: %s", titles).isPositive();
        assertThat(titles.get(live - 1)).as("before the DJ").isIn(PLAYLIST_TITLES);
        assertThat(titles.subList(live, titles.size())).as("after the DJ left").anyMatch(PLAYLIST_TITLES::contains);
        Path captured = Files.write(tmp.resolve("captured.mp3"), listener.audio());
        ExternalProgram decode = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-i", captured.toString(),
                "-f", "null", "-"));
        assertThat(decode.waitFor(Duration.ofSeconds(60))).isZero();
        assertThat(decode.output()).as("decode errors").isBlank();
        // 64 kbit/s at real-time pace over the time listened, plus the burst (2 s).
        assertThat(listener.audio().length / 8000.0).isBetween(listenedSeconds - 2, listenedSeconds + 2.5);
        listener.close();
    }

    private ExternalProgram run(List<String> command) throws Exception {
        ExternalProgram program = ExternalProgram.start(command, null);
        programs.add(program);
        return program;
    }
}
