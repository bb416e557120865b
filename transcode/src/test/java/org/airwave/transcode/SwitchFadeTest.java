package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.Signal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code transcode.switch-fade-millis}: with a fade, a source that ends fades out and the next one
 * fades in (measured on the rung's output decoded by ffmpeg); with 0 both are clean cuts. Either
 * way the output stays continuous, real-time MP3.
 */
@EndToEnd
class SwitchFadeTest {

    private static final Rung RUNG = Rung.stereo(128);
    private static final int RATE = 44_100;
    private static final double WINDOW = 0.1;
    /** Samples quieter than this (of 32768) count as silence when finding where a source starts and ends. */
    private static final int AUDIBLE = 30;

    @TempDir
    static Path dir;
    static byte[] tone;

    @BeforeAll
    static void generateSource() throws Exception {
        Ffmpeg.generate("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=2.5", "-ac", "2",
                "-c:a", "libmp3lame", "-b:a", "128k", dir.resolve("tone.mp3").toString());
        tone = Files.readAllBytes(dir.resolve("tone.mp3"));
    }

    @ParameterizedTest(name = "fade {0} ms")
    @ValueSource(ints = {0, 400})
    void theEndOfASourceFadesOutAndTheNextFadesIn(int fadeMillis) throws Exception {
        RungCapture capture = new RungCapture(RUNG);
        FileFeeder feeder = new FileFeeder();
        MountTranscoder transcoder = MountTranscoder.start("/live", List.of(capture.output()),
                () -> StreamMetadata.EMPTY, TestSettings.live().withSwitchFadeMicros(fadeMillis * 1000L));
        long start = System.nanoTime();
        try {
            for (int source = 0; source < 2; source++) {
                SourceFeed feed = transcoder.attach("audio/mpeg", feeder.resume());
                feeder.feedPaced(feed, tone, tone.length / 2.5);
                feed.end();
                TimeUnit.MILLISECONDS.sleep(1000);
            }
        } finally {
            transcoder.close();
            capture.detach();
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;

        Ffmpeg.Decoded decoded = Ffmpeg.decode(capture.writeTo(dir));
        assertThat(decoded.errors()).isEmpty();
        short[] pcm = decoded.samples();
        assertThat(pcm.length / (double) RATE).as("audio duration vs wall time")
                .isCloseTo(wallSeconds, within(wallSeconds * 0.03));
        int firstEnd = lastAudible(pcm, 0, at(3.5));
        int secondStart = firstAudible(pcm, firstEnd + at(0.5), pcm.length);
        double steady = Signal.rms(pcm, firstEnd - at(1.2), firstEnd - at(1.0));
        double beforeEnd = Signal.rms(pcm, firstEnd - at(WINDOW), firstEnd) / steady;
        double afterStart = Signal.rms(pcm, secondStart, secondStart + at(WINDOW)) / steady;
        if (fadeMillis == 0) {
            assertThat(beforeEnd).as("level just before a clean cut").isGreaterThan(0.9);
            assertThat(afterStart).as("level just after a clean start").isGreaterThan(0.9);
        } else {
            assertThat(beforeEnd).as("level in the last 100 ms: faded out").isLessThan(0.3);
            assertThat(Signal.rms(pcm, firstEnd - at(0.5), firstEnd - at(0.4)) / steady)
                    .as("level before the fade").isGreaterThan(0.9);
            // The fade starts with the source's first decoded sample; an MP3 source begins with its
            // encoder's priming silence, so its audible start is already some way into the fade.
            assertThat(afterStart).as("level in the first 100 ms: fading in").isLessThan(0.5);
            assertThat(Signal.rms(pcm, secondStart + at(0.4), secondStart + at(0.5)) / steady)
                    .as("level after the fade-in").isGreaterThan(0.9);
        }
    }

    private static int lastAudible(short[] pcm, int from, int to) {
        for (int i = Math.min(to, pcm.length) - 1; i >= from; i--) {
            if (Math.abs(pcm[i]) > AUDIBLE) {
                return i + 1;
            }
        }
        throw new AssertionError("no audio in the first source's time");
    }

    private static int firstAudible(short[] pcm, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Math.abs(pcm[i]) > AUDIBLE) {
                return i;
            }
        }
        throw new AssertionError("no audio in the second source's time");
    }

    private static int at(double seconds) {
        return (int) (seconds * RATE);
    }
}
