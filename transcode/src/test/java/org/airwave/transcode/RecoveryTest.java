package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.Signal;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A source that sends garbage in the middle of its stream: decoding recovers on the audio that
 * follows, without the encoders noticing (same format, clean MP3 from first byte to last).
 */
@EndToEnd
class RecoveryTest {

    @TempDir
    Path dir;

    /**
     * The core's MP3 framer counts what it skips; FFmpeg's Ogg demuxer resynchronises on the next
     * page without reporting anything, so only the audio tells.
     */
    @ParameterizedTest(name = "{0} with garbage in the middle")
    @CsvSource({
        "mp3, audio/mpeg, -c:a libmp3lame -b:a 128k -f mp3, true",
        "ogg, application/ogg, -c:a libvorbis -q:a 3 -f ogg, false"
    })
    void decodingResumesAfterGarbage(String extension, String contentType, String encoding, boolean counted)
            throws Exception {
        Path tone = dir.resolve("tone." + extension);
        List<String> arguments = new java.util.ArrayList<>(List.of("-f", "lavfi", "-i",
                "sine=frequency=1000:sample_rate=44100:duration=3", "-ac", "2"));
        arguments.addAll(List.of(encoding.split(" ")));
        arguments.add(tone.toString());
        Ffmpeg.generate(arguments.toArray(String[]::new));
        byte[] audio = Files.readAllBytes(tone);
        byte[] garbage = new byte[32 * 1024];
        new Random(7).nextBytes(garbage);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(audio, 0, audio.length / 2);
        stream.write(garbage);
        stream.write(audio, audio.length / 2, audio.length - audio.length / 2);

        RungCapture capture = new RungCapture(Rung.stereo(128));
        FileFeeder feeder = new FileFeeder();
        MountTranscoder transcoder = MountTranscoder.start("/garbled", List.of(capture.output()),
                () -> StreamMetadata.EMPTY, TestSettings.live().withPacing(Pacing.AS_FAST_AS_INPUT));
        try {
            SourceFeed feed = transcoder.attach(contentType, feeder.resume());
            feeder.feedAll(feed, stream.toByteArray());
            feed.end();
            await().atMost(Duration.ofSeconds(20)).until(() -> transcoder.stats().sourcesFinished() == 1);
        } finally {
            transcoder.close();
            capture.detach();
        }

        TranscoderStats stats = transcoder.stats();
        if (counted) {
            assertThat(stats.decodeErrors() + stats.nonAudioBytes()).as("garbage counted").isPositive();
        }
        Mp3FrameWalk.walk(capture.bytes());
        Path file = capture.writeTo(dir);
        Ffmpeg.Decoded decoded = Ffmpeg.decode(file);
        assertThat(decoded.errors()).isEmpty();
        short[] pcm = decoded.samples();
        int rate = 44_100;
        // An Ogg page cut by the garbage is lost whole (up to a second at this low bitrate).
        assertThat(pcm.length / (double) rate).as("audio on both sides of the garbage").isGreaterThan(1.8);
        assertThat(Signal.frequency(pcm, rate, pcm.length - rate, pcm.length - rate / 10))
                .as("the tone after the garbage").isCloseTo(1000, within(10.0));
    }
}
