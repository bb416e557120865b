package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A playlist folder mixing Ogg Vorbis, FLAC and MP3 files (made by ffmpeg with tags) plays as one
 * MP3 stream: a listener hears every track in turn with its own title, and ffmpeg decodes the whole
 * capture without an error.
 */
@EndToEnd
class MixedPlaylistTest {

    private static final Duration PROGRAM_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<ExternalProgram> programs = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ExternalProgram program : programs) {
            program.close();
        }
    }

    @Test
    void oggFlacAndMp3TracksPlayAsOneMp3StreamWithTheirTitles() throws Exception {
        Path music = Files.createDirectory(tmp.resolve("music"));
        tone(music.resolve("a-vorbis.ogg"), "libvorbis", 48000, 1, "Vorbis Tone");
        tone(music.resolve("b-lossless.flac"), "flac", 44100, 2, "Flac Tone");
        Files.copy(Fixtures.audio("track1.mp3"), music.resolve("c-track1.mp3"));
        Files.writeString(music.resolve("cover.txt"), "not audio");
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, "playlists:\n  - mount: /radio\n    path: " + music + "\n");

        try (RunningServer server = RunningServer.start(config, Map.of());
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/radio", "Icy-MetaData: 1")) {
            assertThat(listener.header("content-type")).isEqualTo("audio/mpeg");
            listener.readUntil(reader -> heard(reader).size() >= 3, Duration.ofSeconds(20), "three titles");
            listener.readFor(Duration.ofSeconds(1));

            assertThat(heard(listener)).containsExactly("Synth - Vorbis Tone", "Synth - Flac Tone", "Artist One - Title One");
            Path captured = Files.write(tmp.resolve("captured.mp3"), listener.audio());
            ExternalProgram decode = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-i", captured.toString(),
                    "-f", "null", "-"));
            assertThat(decode.waitFor(PROGRAM_LIMIT)).isZero();
            assertThat(decode.output()).as("decode errors").isBlank();
        }
    }

    /** The titles heard so far, each once, in the order first heard. */
    private static List<String> heard(IcyStreamReader listener) {
        return listener.titles().stream().filter(title -> !title.isEmpty()).distinct().toList();
    }

    private void tone(Path file, String codec, int rate, int channels, String title) throws Exception {
        ExternalProgram make = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=600:duration=3:sample_rate=" + rate, "-ac", Integer.toString(channels), "-c:a", codec,
                "-metadata", "artist=Synth", "-metadata", "title=" + title, file.toString()));
        assertThat(make.waitFor(PROGRAM_LIMIT)).as(make.output()).isZero();
    }

    private ExternalProgram run(List<String> command) throws Exception {
        ExternalProgram program = ExternalProgram.start(command, null);
        programs.add(program);
        return program;
    }
}
