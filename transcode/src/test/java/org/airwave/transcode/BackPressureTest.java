package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source pushing faster than real time (a file sent without pacing) is buffered up to the bounds,
 * then held back through the feed's back-pressure; the output never runs ahead of the clock.
 */
@EndToEnd
class BackPressureTest {

    static final double SOURCE_SECONDS = 4;

    @TempDir
    Path dir;

    @Test
    void sourceFasterThanRealTimeIsHeldBackAndOutputStaysRealTime() throws Exception {
        Path file = dir.resolve("fast.mp3");
        Ffmpeg.generate("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=" + SOURCE_SECONDS,
                "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", file.toString());
        byte[] mp3 = Files.readAllBytes(file);
        RungCapture capture = new RungCapture(Rung.stereo(64));
        FileFeeder feeder = new FileFeeder();
        TranscoderSettings settings = TestSettings.live().withMaxQueuedSourceBytes(16 * 1024);
        MountTranscoder transcoder = MountTranscoder.start("/fast", List.of(capture.output()),
                () -> StreamMetadata.EMPTY, settings);
        long start = System.nanoTime();
        double feedSeconds;
        SourceFeed feed;
        try {
            feed = transcoder.attach("audio/mpeg", feeder.resume());
            feeder.feedAll(feed, mp3);
            feedSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(capture.receivedMicros() / 1e6).as("output never runs ahead of the clock")
                    .isLessThanOrEqualTo(feedSeconds + 0.2);
            feed.end();
        } finally {
            transcoder.close();
            capture.detach();
        }
        // 16 KiB of queue plus half a second of decoded audio is about 1.5 s of this source: the rest
        // could only be taken in at the pace the encoders consumed it.
        assertThat(feedSeconds).as("seconds to take a %s s source", SOURCE_SECONDS).isGreaterThan(2.0);
        assertThat(feed.droppedBytes()).isZero();
        assertThat(transcoder.stats().skippedMicros()).as("start backlog beyond the prebuffer skipped")
                .isPositive();
    }
}
