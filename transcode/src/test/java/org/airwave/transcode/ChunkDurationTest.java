package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.airwave.core.stream.StreamMetadata;
import org.junit.jupiter.api.Test;

/** A rendition's chunks hold the configured duration of audio, rounded up to whole MP3 frames. */
class ChunkDurationTest {

    private static final long FRAME_MICROS_44K1 = 1152 * 1_000_000L / 44_100;

    @Test
    void chunksFollowTheConfiguredDuration() {
        long chunkMicros = 40_000;
        RungCapture capture = new RungCapture(Rung.stereo(64));
        MountTranscoder transcoder = MountTranscoder.start("/chunks", List.of(capture.output()),
                () -> StreamMetadata.EMPTY, TranscoderSettings.live(chunkMicros, 64 * 1024, 3, 0));
        List<RungCapture.Received> whileRunning;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> capture.chunks().size() >= 10);
            whileRunning = capture.chunks();
        } finally {
            transcoder.close();
            capture.detach();
        }
        assertThat(whileRunning).as("chunks before the close flushes a partial one").extracting(RungCapture.Received::durationMicros)
                .allSatisfy(micros -> assertThat(micros).isBetween(chunkMicros, chunkMicros + FRAME_MICROS_44K1));
    }
}
