package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programs broadcasters and listeners really use, against a real server on loopback: ffmpeg
 * (Icecast PUT and legacy SOURCE, MP3/AAC/Ogg), libshout's {@code shout} (HTTP and ICY), ezstream
 * with a playlist and titles as sources; ffmpeg, ffprobe and mpg123 as listeners that decode the
 * stream and print the ICY titles. Every program runs with a bounded lifetime.
 */
@EndToEnd
class RealClientsTest {

    private static final Duration PROGRAM_LIMIT = Duration.ofSeconds(40);

    private RunningServer server;
    private final List<ExternalProgram> programs = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (ExternalProgram program : programs) {
            program.close();
        }
        server.close();
    }

    @Test
    void ffmpegPutSourceIsDecodedByFfmpegAndMpg123ShowsTheTitle() throws Exception {
        requirePrograms("ffmpeg", "mpg123");
        ExternalProgram source = ffmpegSource("test-128k-44k1-stereo.mp3", "mp3", "audio/mpeg", "/live", false);
        awaitLive("/live", source);
        setTitle("/live", "Real Artist - Real Title");

        ExternalProgram decode = run(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error",
                "-i", server.url("/live"), "-t", "3", "-f", "null", "-"));
        assertThat(decode.waitFor(PROGRAM_LIMIT)).as(decode.output()).isZero();
        assertThat(decode.output()).as("ffmpeg decode errors").isBlank();

        ExternalProgram mpg123 = run(List.of("mpg123", "-t", "-v", "-n", "120", server.url("/live")));
        assertThat(mpg123.waitFor(PROGRAM_LIMIT)).as(mpg123.output()).isZero();
        assertThat(mpg123.output()).contains("ICY-META: StreamTitle='Real Artist - Real Title';");
    }

    @Test
    void ffmpegLegacySourceWorks() throws Exception {
        requirePrograms("ffmpeg", "ffprobe");
        ExternalProgram source = ffmpegSource("test-128k-44k1-stereo.mp3", "mp3", "audio/mpeg", "/legacy", true);
        awaitLive("/legacy", source);
        assertProbe("/legacy", "codec_name=mp3");
    }

    @Test
    void ffmpegAacAndOggSourcesAreServedAsTheyCame() throws Exception {
        requirePrograms("ffmpeg", "ffprobe");
        ExternalProgram aac = ffmpegSource("test-aac-96k.aac", "adts", "audio/aac", "/aac", false);
        ExternalProgram vorbis = ffmpegSource("test-vorbis.ogg", "ogg", "application/ogg", "/vorbis", false);
        ExternalProgram opus = ffmpegSource("test-opus-64k.opus", "ogg", "audio/ogg", "/opus", false);
        awaitLive("/aac", aac);
        awaitLive("/vorbis", vorbis);
        awaitLive("/opus", opus);
        assertProbe("/aac", "codec_name=aac");
        assertProbe("/vorbis", "codec_name=vorbis");
        assertProbe("/opus", "codec_name=opus");
        assertThat(server.title("/vorbis")).isEqualTo("Fixture - Test Tone");
    }

    @Test
    void libshoutHttpAndIcySourcesWork() throws Exception {
        requirePrograms("shout", "ffprobe");
        Path mp3 = Fixtures.audio("test-128k-44k1-stereo.mp3");
        ExternalProgram http = run(List.of("shout", "--usage", "audio", "--format", "mp3", "-H", "127.0.0.1",
                "-P", Integer.toString(server.port()), "--mount", "/shout", "--user", "source", "--pass",
                RunningServer.SOURCE_PASSWORD, "--station-name", "ShoutTest", "--proto", "http"), mp3);
        ExternalProgram icy = run(List.of("shout", "--usage", "audio", "--format", "mp3", "-H", "127.0.0.1",
                "-P", Integer.toString(server.port()), "--mount", "/stream", "--pass",
                RunningServer.SOURCE_PASSWORD, "--station-name", "IcyTest", "--proto", "icy"), mp3);
        awaitLive("/shout", http);
        awaitLive("/stream", icy);
        assertThat(server.mount("/shout").liveSource().orElseThrow().info().name()).isEqualTo("ShoutTest");
        assertThat(server.mount("/stream").liveSource().orElseThrow().info().protocol().tag()).isEqualTo("shoutcast");
        assertProbe("/shout", "codec_name=mp3");
        assertProbe("/stream", "codec_name=mp3");
    }

    @Test
    void ezstreamPlaylistSendsTitlesThatReachListeners() throws Exception {
        requirePrograms("ezstream", "mpg123");
        Files.copy(Fixtures.audio("track1.mp3"), tmp.resolve("track1.mp3"));
        Files.copy(Fixtures.audio("track2.mp3"), tmp.resolve("track2.mp3"));
        Files.writeString(tmp.resolve("playlist.m3u"), tmp.resolve("track1.mp3") + "\n" + tmp.resolve("track2.mp3") + "\n");
        Path config = tmp.resolve("ezstream.xml");
        Files.writeString(config, """
                <?xml version="1.0" encoding="UTF-8"?>
                <ezstream>
                  <servers><server><protocol>HTTP</protocol><hostname>127.0.0.1</hostname>
                    <port>%d</port><user>source</user><password>%s</password><tls>None</tls></server></servers>
                  <streams><stream><mountpoint>/ez</mountpoint><format>MP3</format>
                    <stream_name>Ezstream Test</stream_name></stream></streams>
                  <intakes><intake><type>playlist</type><filename>%s</filename>
                    <stream_once>No</stream_once></intake></intakes>
                </ezstream>
                """.formatted(server.port(), RunningServer.SOURCE_PASSWORD, tmp.resolve("playlist.m3u")));
        config.toFile().setReadable(false, false);
        config.toFile().setReadable(true, true);
        ExternalProgram ezstream = run(List.of("ezstream", "-c", config.toString()));
        awaitLive("/ez", ezstream);
        await().atMost(Duration.ofSeconds(15)).until(() -> "Artist One - Title One".equals(server.title("/ez"))
                || "Ärtist Two - Caffè Über".equals(server.title("/ez")));
        ExternalProgram mpg123 = run(List.of("mpg123", "-t", "-v", "-n", "400", server.url("/ez")));
        assertThat(mpg123.waitFor(PROGRAM_LIMIT)).as(mpg123.output()).isZero();
        assertThat(mpg123.output()).containsAnyOf("StreamTitle='Artist One - Title One';",
                "StreamTitle='Ärtist Two - Caffè Über';",
                new String("StreamTitle='Ärtist Two - Caffè Über';".getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1));
    }

    private ExternalProgram ffmpegSource(String audio, String format, String contentType, String mount,
                                         boolean legacy) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error",
                "-re", "-stream_loop", "-1", "-i", Fixtures.audio(audio).toString(), "-c:a", "copy",
                "-content_type", contentType, "-f", format));
        if (legacy) {
            command.addAll(List.of("-legacy_icecast", "1"));
        }
        command.add("icecast://source:" + RunningServer.SOURCE_PASSWORD + "@127.0.0.1:" + server.port() + mount);
        return run(command);
    }

    private void assertProbe(String mount, String expected) throws Exception {
        ExternalProgram probe = run(List.of("ffprobe", "-hide_banner", "-v", "error", "-show_entries",
                "stream=codec_name,sample_rate,channels", "-of", "default=nw=1", server.url(mount)));
        assertThat(probe.waitFor(PROGRAM_LIMIT)).as(probe.output()).isZero();
        assertThat(probe.output()).contains(expected);
    }

    private void awaitLive(String mount, ExternalProgram source) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(server.isLive(mount)).as("source for %s live; its output:%n%s", mount, source.output())
                        .isTrue());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                server.mount(mount).passthroughBuffer().map(b -> b.head() > 5).orElse(false));
    }

    private void setTitle(String mount, String title) throws Exception {
        AdminRequests.setTitle(server.port(), AdminRequests.SOURCE, mount, title);
    }

    private ExternalProgram run(List<String> command) throws IOException {
        return run(command, null);
    }

    private ExternalProgram run(List<String> command, Path stdin) throws IOException {
        ExternalProgram program = ExternalProgram.start(command, stdin);
        programs.add(program);
        return program;
    }

    private static void requirePrograms(String... names) {
        for (String name : names) {
            assertThat(ExternalProgram.isInstalled(name)).as(name + " must be installed (.ci/run installs it)").isTrue();
        }
    }
}
