package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A radio's day: a playlist plays, a live DJ (ffmpeg) connects to the same mount and takes over at
 * once, leaves, and the playlist resumes; listeners of the transcoded rendition stay connected the
 * whole time and the title follows the input.
 */
class TakeoverTest {

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
        assertThat(server.title("/radio")).isIn("Artist One - Title One", "Ärtist Two - Caffè Über");

        AtomicBoolean disconnected = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        Thread listener = listen("/radio/64", Duration.ofSeconds(14), received, disconnected);
        Thread.sleep(1000);

        ExternalProgram dj = run(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error", "-re", "-t", "5",
                "-i", Fixtures.audio("test-128k-44k1-stereo.mp3").toString(), "-c:a", "copy",
                "-content_type", "audio/mpeg", "-f", "mp3",
                "icecast://source:" + RunningServer.SOURCE_PASSWORD + "@127.0.0.1:" + server.port() + "/radio"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.mount("/radio").liveSource()
                .map(claim -> claim.info().protocol().equals("icecast")).orElse(false));
        assertThat(server.title("/radio")).as("the DJ starts with an empty title").isEmpty();

        assertThat(dj.waitFor(Duration.ofSeconds(30))).as(dj.output()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.mount("/radio").liveSource()
                .map(claim -> claim.info().protocol().equals("playlist")).orElse(false));
        assertThat(server.title("/radio")).isIn("Artist One - Title One", "Ärtist Two - Caffè Über");

        listener.join(30_000);
        assertThat(disconnected).as("the listener stayed connected through both switches").isFalse();
        // 14 s of 64 kbit/s plus the burst, at real-time pace.
        assertThat(received.get()).isBetween(14 * 8000L * 9 / 10, 17 * 8000L);
    }

    private Thread listen(String path, Duration duration, AtomicLong received, AtomicBoolean disconnected) {
        Thread thread = new Thread(() -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                long deadline = System.nanoTime() + duration.toNanos();
                byte[] buffer = new byte[8192];
                boolean headDone = false;
                StringBuilder head = new StringBuilder();
                while (System.nanoTime() < deadline) {
                    if (!headDone) {
                        int b = in.read();
                        if (b < 0) {
                            disconnected.set(true);
                            return;
                        }
                        head.append((char) b);
                        headDone = head.toString().endsWith("\r\n\r\n");
                        continue;
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        disconnected.set(true);
                        return;
                    }
                    received.addAndGet(n);
                }
            } catch (Exception e) {
                disconnected.set(true);
            }
        }, "listener " + path);
        thread.start();
        return thread;
    }

    private ExternalProgram run(List<String> command) throws Exception {
        ExternalProgram program = ExternalProgram.start(command, null);
        programs.add(program);
        return program;
    }
}
