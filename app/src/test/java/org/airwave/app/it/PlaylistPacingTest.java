package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playlist releases audio at the audio's own pace over a long stretch: a listener of the
 * playlist's mount receives, over 60 s of wall time (after the burst), MP3 frames whose summed
 * duration is within 1 % of those 60 s, across about fifteen track changes.
 */
@EndToEnd
class PlaylistPacingTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void sixtySecondsOfPlaybackDeliverSixtySecondsOfAudio() throws Exception {
        Path music = Files.createDirectory(tmp.resolve("music"));
        Files.copy(Fixtures.audio("track1.mp3"), music.resolve("track1.mp3"));
        Files.copy(Fixtures.audio("track2.mp3"), music.resolve("track2.mp3"));
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, "playlists:\n  - mount: /radio\n    path: " + music + "\n");
        // Listeners are written once per write interval: at the default 1 s, where the window's two ends fall
        // between writes alone moves the count by up to a second, more than the 1 % measured here.
        try (RunningServer server = RunningServer.start(config, Map.of("listeners.write-interval-millis", "100"));
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/radio")) {
            assertThat(listener.statusLine()).contains("200");
            listener.readFor(Duration.ofSeconds(3));
            byte[] before = listener.audio();
            long start = System.nanoTime();
            listener.readFor(WINDOW);
            long wallMicros = (System.nanoTime() - start) / 1000;
            byte[] after = listener.audio();

            double delivered = (audioMicros(after) - audioMicros(before)) / 1e6;
            double wall = wallMicros / 1e6;
            assertThat(listener.isEndOfStream()).as("the listener stayed connected").isFalse();
            assertThat(delivered).as("audio seconds delivered in %.3f s of wall time", wall)
                    .isBetween(wall * 0.99, wall * 1.01);
        }
    }

    /** Summed duration of the whole MPEG-1 Layer III frames in {@code stream}, in microseconds. */
    private static long audioMicros(byte[] stream) {
        long micros = 0;
        int offset = 0;
        while (offset + 4 <= stream.length) {
            int length = IcyStreamReader.mp3FrameLength(stream, offset);
            assertThat(length).as("a frame header at offset %d", offset).isPositive();
            if (offset + length > stream.length) {
                break;
            }
            int rateIndex = (stream[offset + 2] >>> 2) & 3;
            micros += 1152L * 1_000_000 / new int[] {44100, 48000, 32000}[rateIndex];
            offset += length;
        }
        return micros;
    }
}
