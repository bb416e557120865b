package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency the transcoder adds: from the moment the source bytes carrying a sound are offered to the
 * moment the chunk carrying that sound is appended to a rung's buffer (what a listener could fetch).
 *
 * <p>The source is an MP3 stream of short tone bursts sent in real time, one frame per write (as an
 * encoder streaming live does). Onsets are found by decoding both the source and the rung with
 * ffmpeg; ffprobe maps each source onset to the packet, hence the bytes, that carried it.
 */
@EndToEnd
class LatencyTest {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyTest.class);
    static final int RATE = 44_100;
    static final int FRAME_SAMPLES = 1152;
    static final int BURSTS = 6;
    /** Sent per write: one 128 kbit/s frame. */
    static final int PIECE_BYTES = 418;
    /** What the issue asks for; the assertion leaves room for a loaded test machine. */
    static final long TARGET_MILLIS = 250;
    static final long LIMIT_MILLIS = 400;

    @TempDir
    Path dir;

    @Test
    void soundReachesTheRungWithinTheLatencyTarget() throws Exception {
        Path source = dir.resolve("bursts.mp3");
        Ffmpeg.generate("-f", "lavfi", "-i", "aevalsrc=if(lt(mod(t\\,1)\\,0.2)\\,0.5*sin(2*PI*1000*t)\\,0):s=" + RATE
                + ":d=" + (BURSTS + 0.5), "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", "-write_xing", "0",
                "-id3v2_version", "0", source.toString());
        byte[] bytes = Files.readAllBytes(source);
        long[] packetEnds = packetEndOffsets(source);
        short[] sourcePcm = Ffmpeg.decode(source).samples();

        RungCapture capture = new RungCapture(Rung.stereo(128));
        FileFeeder feeder = new FileFeeder();
        long[] offeredAt;
        MountTranscoder transcoder = MountTranscoder.start("/latency", List.of(capture.output()),
                () -> StreamMetadata.EMPTY, TestSettings.live());
        try {
            SourceFeed feed = transcoder.attach("audio/mpeg", feeder.resume());
            offeredAt = feeder.feedPaced(feed, bytes, bytes.length / (BURSTS + 0.5), PIECE_BYTES);
            feed.end();
            Thread.sleep(500);
        } finally {
            transcoder.close();
            capture.detach();
        }
        short[] rungPcm = Ffmpeg.decode(capture.writeTo(dir)).samples();

        List<Integer> sourceOnsets = onsets(sourcePcm);
        List<Integer> rungOnsets = onsets(rungPcm);
        assertThat(rungOnsets).as("every burst comes out").hasSize(sourceOnsets.size());
        LongSummaryStatistics latency = new LongSummaryStatistics();
        for (int burst = 1; burst < sourceOnsets.size(); burst++) {
            long packetEnd = packetEnds[sourceOnsets.get(burst) / FRAME_SAMPLES];
            long arrived = offeredAt[(int) ((packetEnd - 1) / PIECE_BYTES)];
            long appended = appendTimeOfFrame(capture, rungOnsets.get(burst) / FRAME_SAMPLES);
            latency.accept((appended - arrived) / 1_000_000);
        }
        LOG.info("transcoder latency over {} bursts: mean {} ms, min {} ms, max {} ms (target {} ms)",
                latency.getCount(), Math.round(latency.getAverage()), latency.getMin(), latency.getMax(),
                TARGET_MILLIS);
        assertThat(latency.getMax()).as("latency in ms").isLessThan(LIMIT_MILLIS);
    }

    /** Byte offset just past each audio packet, by packet index (from ffprobe). */
    private static long[] packetEndOffsets(Path mp3) throws Exception {
        Ffmpeg.Run run = Ffmpeg.run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "packet=pos,size", "-of", "csv=p=0", mp3.toString()));
        String[] lines = new String(run.stdout(), StandardCharsets.UTF_8).strip().split("\n");
        long[] ends = new long[lines.length];
        for (int i = 0; i < lines.length; i++) {
            String[] fields = lines[i].split(",");
            ends[i] = Long.parseLong(fields[1].trim()) + Long.parseLong(fields[0].trim());
        }
        return ends;
    }

    /** Sample indexes where a burst starts: loud after at least half a second of near silence. */
    private static List<Integer> onsets(short[] pcm) {
        List<Integer> onsets = new ArrayList<>();
        int quiet = 0;
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > 2000) {
                if (quiet >= RATE / 2) {
                    onsets.add(i);
                }
                quiet = 0;
            } else {
                quiet++;
            }
        }
        return onsets;
    }

    /** When the chunk holding the rung's MP3 frame number {@code frame} was appended. */
    private static long appendTimeOfFrame(RungCapture capture, int frame) {
        long frameStartMicros = frame * (long) FRAME_SAMPLES * 1_000_000 / RATE;
        for (RungCapture.Received chunk : capture.chunks()) {
            if (chunk.startMicros() + chunk.durationMicros() > frameStartMicros) {
                return chunk.appendedNanos();
            }
        }
        throw new AssertionError("no chunk holds frame " + frame);
    }
}
