package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcoding ladder end to end: a configured mount serves every rung before any source
 * (silence, 200 not 404); listeners of a rung stay connected and keep receiving valid MP3 of
 * constant format while an MP3 source comes and goes and an Ogg Vorbis source (another codec) takes
 * over; a native FLAC source's tone comes out at its frequency; real decoders judge the output.
 */
@EndToEnd
class TranscodingTest {

    private static final Duration PROGRAM_LIMIT = Duration.ofSeconds(40);
    private static final double TONE_HZ = 440;
    private static final int TONE_SECONDS = 5;
    /** Sample level that tells the tone (lavfi's sine: 1/8 of full scale, about 2750 once downmixed) from silence. */
    private static final int LOUD = 1000;

    @TempDir
    Path tmp;

    private RunningServer server;
    private final List<ExternalProgram> programs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, """
                mounts:
                  - path: /live
                    ladder: [128, {bitrate: 32, sample-rate: 22050, channels: 1}]
                """);
        server = RunningServer.start(config, Map.of("transcode.ladder", "64"));
    }

    @AfterEach
    void stop() throws Exception {
        for (ExternalProgram program : programs) {
            program.close();
        }
        server.close();
    }

    @Test
    void rungsAreServedBeforeAnySourceAndFfprobeSeesTheirFormat() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.mount("/live").transcoding().isPresent());
        assertProbe("/live", "codec_name=mp3", "sample_rate=44100", "channels=2", "bit_rate=128000");
        assertProbe("/live/128.mp3", "codec_name=mp3", "bit_rate=128000");
        assertProbe("/live/32-22050-mono", "codec_name=mp3", "sample_rate=22050", "channels=1", "bit_rate=32000");
        try (RawConnection listener = new RawConnection(server.port())) {
            String head = listener.send("GET /live/128 HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n").readHead();
            assertThat(head).startsWith("HTTP/1.0 200 OK").containsIgnoringCase("icy-br: 128")
                    .containsIgnoringCase("ice-audio-info: bitrate=128;samplerate=44100;channels=2")
                    .containsIgnoringCase("icy-metaint: 16000");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics())
                    .contains("airwave_rendition_listeners{mount=\"/live\",rendition=\"128\"} 1.0")
                    .contains("airwave_rendition_listeners{mount=\"/live\",rendition=\"source\"} 0.0")
                    .containsPattern("airwave_transcoder_encode_seconds_count\\{mount=\"/live\",rendition=\"32-22050-mono\"} [1-9]"));
        }
    }

    @Test
    void listenerKeepsPlayingValidMp3AcrossSourceChangesAndCodecs() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.mount("/live").transcoding().isPresent());
        Path captured = tmp.resolve("captured.mp3");
        AtomicBoolean disconnected = new AtomicBoolean();
        long started = System.nanoTime();
        Thread reader = captureStream("/live/128", captured, Duration.ofSeconds(16), disconnected);

        Thread.sleep(1500);
        ExternalProgram mp3 = ffmpegSource("test-128k-44k1-stereo.mp3", "mp3", "audio/mpeg", "4");
        assertThat(mp3.waitFor(PROGRAM_LIMIT)).as(mp3.output()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.isLive("/live"));
        Thread.sleep(1500);
        ExternalProgram vorbis = ffmpegSource("test-vorbis.ogg", "ogg", "application/ogg", "4");
        assertThat(vorbis.waitFor(PROGRAM_LIMIT)).as(vorbis.output()).isZero();
        reader.join(30_000);
        double wallSeconds = (System.nanoTime() - started) / 1e9;

        assertThat(disconnected).as("the listener was never disconnected").isFalse();
        ExternalProgram decode = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-i", captured.toString(),
                "-f", "null", "-"));
        assertThat(decode.waitFor(PROGRAM_LIMIT)).isZero();
        assertThat(decode.output()).as("decode errors").isBlank();
        ExternalProgram probe = run(List.of("ffprobe", "-v", "error", "-show_entries",
                "format=duration:stream=codec_name,sample_rate,channels,bit_rate", "-of", "default=nw=1",
                captured.toString()));
        assertThat(probe.waitFor(PROGRAM_LIMIT)).isZero();
        assertThat(probe.output()).contains("codec_name=mp3", "sample_rate=44100", "channels=2", "bit_rate=128000");
        double audioSeconds = Files.size(captured) / 16000.0;
        // Real-time pace: the audio received matches the wall time (plus the initial burst).
        assertThat(audioSeconds).isBetween(wallSeconds * 0.9, wallSeconds * 1.1 + 2.5);
    }

    /**
     * ffmpeg pushes native FLAC (audio/flac): the 128 kbit/s rung carries its 440 Hz tone as clean MP3,
     * and the source's own stream decodes as FLAC for a listener who joins mid-way.
     */
    @Test
    void nativeFlacSourceComesOutOnTheRungWithItsTone() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.mount("/live").transcoding().isPresent());
        Path captured = tmp.resolve("flac-rung.mp3");
        AtomicBoolean disconnected = new AtomicBoolean();
        Thread reader = captureStream("/live/128", captured, Duration.ofSeconds(9), disconnected);

        Thread.sleep(1000);
        ExternalProgram flac = run(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error", "-re",
                "-f", "lavfi", "-i", "sine=frequency=" + (int) TONE_HZ + ":sample_rate=44100:duration=" + TONE_SECONDS,
                "-ac", "2", "-c:a", "flac", "-content_type", "audio/flac", "-f", "flac",
                "icecast://source:" + RunningServer.SOURCE_PASSWORD + "@127.0.0.1:" + server.port() + "/live"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.isLive("/live"));
        // A listener joining the source's own stream mid-way gets the FLAC headers first, then frames.
        Path passthroughFile = tmp.resolve("flac-source.s16");
        ExternalProgram passthrough = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-i",
                server.url("/live/source"), "-t", "2", "-ac", "1", "-f", "s16le", passthroughFile.toString()));
        assertThat(passthrough.waitFor(PROGRAM_LIMIT)).as(passthrough.output()).isZero();
        assertThat(passthrough.output()).as("passthrough decode errors").isBlank();
        short[] passthroughPcm = samples(Files.readAllBytes(passthroughFile));
        assertThat(Signal.frequency(passthroughPcm, 44100, 0, passthroughPcm.length)).as("passthrough tone")
                .isCloseTo(TONE_HZ, within(TONE_HZ * 0.01));
        assertThat(flac.waitFor(PROGRAM_LIMIT)).as(flac.output()).isZero();
        reader.join(30_000);

        assertThat(disconnected).as("the listener was never disconnected").isFalse();
        Path pcmFile = tmp.resolve("flac-rung.s16");
        ExternalProgram decode = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-i", captured.toString(),
                "-ac", "1", "-f", "s16le", pcmFile.toString()));
        assertThat(decode.waitFor(PROGRAM_LIMIT)).isZero();
        assertThat(decode.output()).as("decode errors").isBlank();
        short[] pcm = samples(Files.readAllBytes(pcmFile));
        int rate = 44100;
        int first = firstLoud(pcm);
        int last = endOfLoud(pcm);
        assertThat((last - first) / (double) rate).as("seconds of tone").isCloseTo(TONE_SECONDS, within(0.5));
        assertThat(Signal.frequency(pcm, rate, first + rate / 2, last - rate / 2)).as("tone")
                .isCloseTo(TONE_HZ, within(TONE_HZ * 0.01));
    }

    /**
     * A whole Ogg Vorbis file PUT at full speed (as {@code curl -T file.ogg} does) on a mount the source
     * creates: the transcoder starts after every byte, header pages included, has arrived, and must
     * still decode the file rather than encode silence.
     */
    @Test
    void anOggFileUploadedFasterThanRealTimeIsTranscodedWithItsSound() throws Exception {
        byte[] file = Files.readAllBytes(Fixtures.audio("test-vorbis.ogg"));
        try (Socket source = new Socket("127.0.0.1", server.port())) {
            source.getOutputStream().write(("PUT /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n"
                    + "Authorization: Basic " + AdminRequests.base64("source:" + RunningServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: application/ogg\r\nContent-Length: " + file.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            source.getOutputStream().write(file);
            source.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.mount("/upload").transcoding().isPresent());
            Path captured = tmp.resolve("upload-rung.mp3");
            AtomicBoolean disconnected = new AtomicBoolean();
            captureStream("/upload/64", captured, Duration.ofSeconds(8), disconnected).join(30_000);
            assertThat(disconnected).as("the listener was never disconnected").isFalse();

            Path pcmFile = tmp.resolve("upload-rung.s16");
            ExternalProgram decode = run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-i", captured.toString(),
                    "-ac", "1", "-f", "s16le", pcmFile.toString()));
            assertThat(decode.waitFor(PROGRAM_LIMIT)).isZero();
            short[] pcm = samples(Files.readAllBytes(pcmFile));
            double meanDb = 20 * Math.log10(Math.max(Signal.rms(pcm, 0, pcm.length), 1e-9));
            assertThat(meanDb).as("mean volume of the rendition, dBFS (pure silence is below -90)")
                    .isGreaterThan(-40);
        }
    }

    /** Index of the first sample louder than {@link #LOUD}, or the length when none is. */
    private static int firstLoud(short[] pcm) {
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > LOUD) {
                return i;
            }
        }
        return pcm.length;
    }

    /** One past the last sample louder than {@link #LOUD}, or 0 when none is. */
    private static int endOfLoud(short[] pcm) {
        for (int i = pcm.length - 1; i >= 0; i--) {
            if (Math.abs(pcm[i]) > LOUD) {
                return i + 1;
            }
        }
        return 0;
    }

    private static short[] samples(byte[] s16le) {
        short[] pcm = new short[s16le.length / 2];
        ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return pcm;
    }

    private String metrics() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/metrics"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Reads a rung (without ICY) into a file for {@code duration}; flags a disconnect. */
    private Thread captureStream(String path, Path file, Duration duration, AtomicBoolean disconnected) {
        Thread thread = new Thread(() -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    head.write(in.read());
                }
                long deadline = System.nanoTime() + duration.toNanos();
                byte[] buffer = new byte[8192];
                try (var out = Files.newOutputStream(file)) {
                    while (System.nanoTime() < deadline) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            disconnected.set(true);
                            return;
                        }
                        out.write(buffer, 0, n);
                    }
                }
            } catch (Exception e) {
                disconnected.set(true);
            }
        }, "capture " + path);
        thread.start();
        return thread;
    }

    private ExternalProgram ffmpegSource(String audio, String format, String contentType, String seconds)
            throws Exception {
        return run(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error", "-re", "-t", seconds,
                "-i", Fixtures.audio(audio).toString(), "-c:a", "copy", "-content_type", contentType, "-f", format,
                "icecast://source:" + RunningServer.SOURCE_PASSWORD + "@127.0.0.1:" + server.port() + "/live"));
    }

    private void assertProbe(String path, String... expected) throws Exception {
        ExternalProgram probe = run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,sample_rate,channels,bit_rate", "-of", "default=nw=1", server.url(path)));
        assertThat(probe.waitFor(PROGRAM_LIMIT)).as(probe.output()).isZero();
        assertThat(probe.output()).contains(expected);
    }

    private ExternalProgram run(List<String> command) throws Exception {
        ExternalProgram program = ExternalProgram.start(command, null);
        programs.add(program);
        return program;
    }
}
