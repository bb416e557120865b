package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.Signal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a listener of a transcoded rendition hears while sources come and go: continuous, valid MP3
 * of one constant format, in real time, with silence wherever no audio is available.
 */
@EndToEnd
class ContinuityTest {

    static final List<Rung> LADDER = List.of(Rung.stereo(128), new Rung(32, 22_050, 1));
    static final double SOURCE_SECONDS = 3;

    @TempDir
    static Path dir;
    static byte[] mp3Tone;
    static byte[] aacTone;

    @BeforeAll
    static void generateSources() throws Exception {
        Ffmpeg.generate("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=" + SOURCE_SECONDS,
                "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", dir.resolve("tone.mp3").toString());
        Ffmpeg.generate("-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000:duration=" + SOURCE_SECONDS,
                "-ac", "1", "-c:a", "aac", "-b:a", "64k", "-f", "adts", dir.resolve("tone.aac").toString());
        mp3Tone = Files.readAllBytes(dir.resolve("tone.mp3"));
        aacTone = Files.readAllBytes(dir.resolve("tone.aac"));
    }

    @Test
    void listenerKeepsPlayingValidMp3AcrossSourceChangesGarbageAndSilence() throws Exception {
        AtomicReference<StreamMetadata> metadata = new AtomicReference<>(new StreamMetadata(1, "A", ""));
        List<RungCapture> captures = LADDER.stream().map(RungCapture::new).toList();
        FileFeeder feeder = new FileFeeder();
        MountTranscoder transcoder = MountTranscoder.start("/live", captures.stream().map(RungCapture::output).toList(),
                metadata::get, TestSettings.live());
        long start = System.nanoTime();
        long wallNanos;
        try {
            SourceFeed mp3 = transcoder.attach("audio/mpeg", feeder.resume());
            feeder.feedPaced(mp3, mp3Tone, mp3Tone.length / SOURCE_SECONDS);
            mp3.end();
            sleepUntil(start, 4.5);

            metadata.set(metadata.get().next("B", ""));
            SourceFeed aac = transcoder.attach("audio/aac", feeder.resume());
            feeder.feedPaced(aac, aacTone, aacTone.length / SOURCE_SECONDS);
            aac.end();

            byte[] garbage = new byte[24_000];
            new Random(42).nextBytes(garbage);
            SourceFeed noise = transcoder.attach("audio/mpeg", feeder.resume());
            feeder.feedPaced(noise, garbage, 16_000);
            noise.end();
            sleepUntil(start, 10);
        } finally {
            transcoder.close();
            wallNanos = System.nanoTime() - start;
            captures.forEach(RungCapture::detach);
        }

        double wallSeconds = wallNanos / 1e9;
        for (RungCapture capture : captures) {
            Rung rung = capture.rung;
            Mp3FrameWalk.Result walk = Mp3FrameWalk.walk(capture.bytes());
            assertThat(walk).as("%s: one constant format from the first byte to the last", rung)
                    .isEqualTo(new Mp3FrameWalk.Result(walk.frames(), rung.bitrateKbps(), rung.sampleRate(),
                            rung.channels()));
            Path file = capture.writeTo(dir);
            Ffmpeg.Decoded decoded = Ffmpeg.decode(file);
            assertThat(decoded.errors()).as("%s decodes cleanly", rung).isEmpty();
            short[] pcm = decoded.samples();
            int rate = rung.sampleRate();
            assertThat(pcm.length / (double) rate).as("%s audio duration vs wall time", rung)
                    .isCloseTo(wallSeconds, within(wallSeconds * 0.03));
            assertThat(Signal.frequency(pcm, rate, at(0.7, rate), at(2.7, rate))).as("%s: MP3 source", rung)
                    .isCloseTo(1000, within(10.0));
            assertThat(Signal.rms(pcm, at(3.7, rate), at(4.4, rate))).as("%s: silence between sources", rung)
                    .isLessThan(0.001);
            assertThat(Signal.frequency(pcm, rate, at(5.2, rate), at(7.2, rate))).as("%s: AAC source", rung)
                    .isCloseTo(500, within(5.0));
            assertThat(Signal.rms(pcm, at(9.4, rate), at(9.9, rate))).as("%s: silence after garbage", rung)
                    .isLessThan(0.001);
            assertTitleFollowsTheAudio(capture, pcm, rate);
        }
        TranscoderStats stats = transcoder.stats();
        assertThat(stats.sourcesAttached()).isEqualTo(3);
        assertThat(stats.sourcesFinished()).isEqualTo(3);
        assertThat(stats.silenceMicros()).as("silence inserted").isGreaterThan(2_000_000);
        assertThat(stats.lateEpisodes()).as("kept real time").isZero();
    }

    @Test
    void mountWithoutSourcePlaysSilenceInRealTime() throws Exception {
        RungCapture capture = new RungCapture(Rung.stereo(64));
        MountTranscoder transcoder = MountTranscoder.start("/quiet", List.of(capture.output()),
                () -> new StreamMetadata(1, "Nothing on air", ""), TestSettings.live());
        long start = System.nanoTime();
        try {
            TimeUnit.MILLISECONDS.sleep(2_000);
            assertThat(capture.chunks()).as("chunks while nothing is attached").isNotEmpty()
                    .allSatisfy(chunk -> assertThat(chunk.title()).isEqualTo("Nothing on air"));
        } finally {
            transcoder.close();
            capture.detach();
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        Path file = capture.writeTo(dir);
        assertThat(Ffmpeg.probe(file)).containsEntry("codec_name", "mp3").containsEntry("bit_rate", "64000");
        Ffmpeg.Decoded decoded = Ffmpeg.decode(file);
        assertThat(decoded.errors()).isEmpty();
        short[] pcm = decoded.samples();
        assertThat(pcm.length / 44_100.0).isCloseTo(wallSeconds, within(wallSeconds * 0.05));
        assertThat(Signal.rms(pcm, 0, pcm.length)).isLessThan(0.0001);
        assertThat(transcoder.stats().silenceMicros()).isGreaterThan(1_800_000);
    }

    /** The title changes to B within a chunk of where the second source's tone starts. */
    private static void assertTitleFollowsTheAudio(RungCapture capture, short[] pcm, int rate) {
        long titleB = capture.chunks().stream().filter(chunk -> chunk.title().equals("B"))
                .mapToLong(RungCapture.Received::startMicros).min().orElseThrow();
        int onset = at(4.4, rate);
        while (onset < pcm.length && Math.abs(pcm[onset]) < 1000) {
            onset++;
        }
        double onsetMicros = onset * 1e6 / rate;
        assertThat((double) titleB).as("%s: title B starts with the second source's audio", capture.rung)
                .isCloseTo(onsetMicros, within(250_000.0));
    }

    private static int at(double seconds, int rate) {
        return (int) (seconds * rate);
    }

    private static void sleepUntil(long start, double seconds) throws InterruptedException {
        long wait = start + (long) (seconds * 1e9) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

}
