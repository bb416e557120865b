package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.Signal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported input codec through the whole ladder, judged by real decoders: ffprobe must see
 * each rung's format, ffmpeg must decode it without a single error, and the 1 kHz tone sent in must
 * come out at 1 kHz on every rung.
 */
@EndToEnd
class LadderOutputTest {

    static final int SECONDS = 10;
    static final double TONE_HZ = 1000;
    static final List<Rung> LADDER = List.of(Rung.stereo(320), Rung.stereo(192), Rung.stereo(128), Rung.stereo(64),
            new Rung(32, 22_050, 1));

    @TempDir
    static Path dir;

    @BeforeAll
    static void generateInputs() throws Exception {
        for (Arguments input : inputs().toList()) {
            Object[] args = input.get();
            generate((String) args[0], (String) args[2]);
        }
    }

    static java.util.stream.Stream<Arguments> inputs() {
        return java.util.stream.Stream.of(
                Arguments.of("mp3-44k-stereo.mp3", "audio/mpeg", "-ar 44100 -ac 2 -c:a libmp3lame -b:a 128k -f mp3"),
                Arguments.of("aac-48k-mono.aac", "audio/aac", "-ar 48000 -ac 1 -c:a aac -b:a 64k -f adts"),
                Arguments.of("aac-sniffed-by-libmagic.aac", "audio/x-hx-aac-adts", "-ar 44100 -ac 2 -c:a aac -b:a 96k -f adts"),
                Arguments.of("vorbis-32k-stereo.ogg", "application/ogg", "-ar 32000 -ac 2 -c:a libvorbis -q:a 3 -f ogg"),
                Arguments.of("opus-48k-stereo.opus", "audio/ogg", "-ar 48000 -ac 2 -c:a libopus -b:a 64k -f ogg"),
                Arguments.of("flac-22k-mono.flac", "audio/flac", "-ar 22050 -ac 1 -c:a flac -f flac"),
                Arguments.of("flac-96k-stereo.oga", "application/ogg", "-ar 96000 -ac 2 -c:a flac -f ogg"),
                Arguments.of("mp3-unlabelled.bin", "application/octet-stream", "-ar 24000 -ac 1 -c:a libmp3lame -f mp3"));
    }

    private static void generate(String name, String encoding) throws Exception {
        List<String> arguments = new java.util.ArrayList<>(List.of("-f", "lavfi", "-i",
                "sine=frequency=" + (int) TONE_HZ + ":sample_rate=96000:duration=" + SECONDS));
        arguments.addAll(List.of(encoding.split(" ")));
        arguments.add(dir.resolve(name).toString());
        Ffmpeg.generate(arguments.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} comes out as valid MP3 on every rung")
    @MethodSource("inputs")
    void everyRungIsValidMp3WithTheToneIntact(String name, String contentType, String encoding) throws Exception {
        transcodeAndCheck(Files.readAllBytes(dir.resolve(name)), contentType, name);
    }

    /** Icecast Ogg sources start a new chained stream per track; this one also changes rate and channels. */
    @Test
    void chainedOggStreamThatChangesRateAndChannelsMidStream() throws Exception {
        generate("chain-a.ogg", "-ar 44100 -ac 2 -c:a libvorbis -q:a 3 -t " + SECONDS / 2 + " -f ogg");
        generate("chain-b.ogg", "-ar 48000 -ac 1 -c:a libvorbis -q:a 3 -t " + SECONDS / 2 + " -f ogg");
        java.io.ByteArrayOutputStream chained = new java.io.ByteArrayOutputStream();
        chained.write(Files.readAllBytes(dir.resolve("chain-a.ogg")));
        chained.write(Files.readAllBytes(dir.resolve("chain-b.ogg")));
        transcodeAndCheck(chained.toByteArray(), "application/ogg", "chained.ogg");
    }

    private static void transcodeAndCheck(byte[] source, String contentType, String name) throws Exception {
        List<RungCapture> captures = LADDER.stream().map(RungCapture::new).toList();
        FileFeeder feeder = new FileFeeder();
        MountTranscoder transcoder = MountTranscoder.start("/test", captures.stream().map(RungCapture::output).toList(),
                () -> StreamMetadata.EMPTY, TestSettings.live().withPacing(Pacing.AS_FAST_AS_INPUT));
        try {
            SourceFeed feed = transcoder.attach(contentType, feeder.resume());
            feeder.feedAll(feed, source);
            feed.end();
            await().atMost(Duration.ofSeconds(30)).until(() -> transcoder.stats().sourcesFinished() == 1);
        } finally {
            transcoder.close();
            captures.forEach(RungCapture::detach);
        }
        assertThat(transcoder.stats().decodeErrors()).as("decode errors").isZero();
        for (RungCapture capture : captures) {
            assertValidRung(capture, dir.resolve(name + "-out"));
        }
    }

    private static void assertValidRung(RungCapture capture, Path outDir) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        Path file = capture.writeTo(outDir);
        byte[] bytes = capture.bytes();
        Rung rung = capture.rung;
        assertThat(bytes[0] & 0xFF).as("%s starts with a frame sync, no tag", rung).isEqualTo(0xFF);
        assertThat(new String(bytes, 0, 200, java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("%s has no Xing/Info frame", rung).doesNotContain("Xing").doesNotContain("Info");
        assertThat(Mp3FrameWalk.walk(bytes)).as("%s: contiguous frames of one format", rung)
                .extracting(Mp3FrameWalk.Result::bitrateKbps, Mp3FrameWalk.Result::sampleRate,
                        Mp3FrameWalk.Result::channels)
                .containsExactly(rung.bitrateKbps(), rung.sampleRate(), rung.channels());
        Map<String, String> probe = Ffmpeg.probe(file);
        assertThat(probe).as("%s", rung)
                .containsEntry("codec_name", "mp3")
                .containsEntry("sample_rate", String.valueOf(rung.sampleRate()))
                .containsEntry("channels", String.valueOf(rung.channels()))
                .containsEntry("bit_rate", String.valueOf(rung.bitrateKbps() * 1000));
        Ffmpeg.Decoded decoded = Ffmpeg.decode(file);
        assertThat(decoded.errors()).as("%s decodes cleanly", rung).isEmpty();
        short[] pcm = decoded.samples();
        int rate = rung.sampleRate();
        assertThat(pcm.length / (double) rate).as("%s duration", rung).isCloseTo(SECONDS, within(0.2));
        assertThat(Signal.frequency(pcm, rate, rate, pcm.length - rate)).as("%s tone", rung)
                .isCloseTo(TONE_HZ, within(TONE_HZ * 0.01));
        assertThat(capture.receivedMicros() / 1e6).as("%s chunk durations", rung).isCloseTo(SECONDS, within(0.2));
    }
}
