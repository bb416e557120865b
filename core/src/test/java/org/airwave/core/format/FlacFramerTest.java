package org.airwave.core.format;

import static org.airwave.core.format.FramerFeed.concat;
import static org.airwave.core.format.FramerFeed.feedInPieces;
import static org.airwave.core.format.FramerFeed.feedWhole;
import static org.airwave.core.format.FramerFeed.insert;
import static org.airwave.core.format.FramerFeed.randomBytes;
import static org.airwave.core.format.FramerFeed.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.airwave.core.format.FramerFeed.Frame;
import org.airwave.core.format.FramerFeed.Result;
import org.junit.jupiter.api.Test;

class FlacFramerTest {

    /**
     * 44.1 kHz stereo, 4608-sample blocks, TITLE/ARTIST tags. Per
     * {@code ffprobe -show_packets -show_entries packet=pos,size,duration}: 20 frames, the first at byte
     * 8325 (9448 bytes), the last one 1363 bytes long (648 samples) ending the file.
     */
    private static final String STEREO = "flac-44k-stereo.flac";
    private static final int STEREO_FRAMES = 20;
    private static final int STEREO_FIRST_FRAME_OFFSET = 8325;
    private static final int STEREO_FIRST_FRAME_LENGTH = 9448;
    private static final int STEREO_LAST_FRAME_LENGTH = 1363;
    private static final long STEREO_FRAME_MICROS = 4608 * 1_000_000L / 44100;

    /**
     * 11.025 kHz mono with 1000-sample blocks: both the block size and the rate are coded explicitly
     * in every frame header. 23 frames, the first at byte 8288, the last one 81 bytes long.
     */
    private static final String MONO = "flac-11k-mono.flac";
    private static final int MONO_FRAMES = 23;
    private static final int MONO_FIRST_FRAME_OFFSET = 8288;
    private static final int MONO_LAST_FRAME_LENGTH = 81;
    private static final long MONO_FRAME_MICROS = 1000 * 1_000_000L / 11025;

    /** fLaC, the block header and the 34 bytes of STREAMINFO. */
    private static final int FIRST_HEADER_LENGTH = 42;

    @Test
    void fileSplitsIntoStreamHeadersAndTheFramesFfprobeReports() {
        byte[] data = resource(STEREO);
        FlacFramer framer = new FlacFramer();

        Result result = feedWhole(framer, data);

        List<Frame> headers = headers(result);
        List<Frame> audio = audio(result);
        assertThat(headers.get(0).length()).isEqualTo(FIRST_HEADER_LENGTH);
        assertThat(headers.get(0).startsNewStream()).isTrue();
        assertThat(headers).allSatisfy(f -> assertThat(f.durationMicros()).isZero());
        assertThat(headers.stream().mapToLong(Frame::length).sum()).isEqualTo(STEREO_FIRST_FRAME_OFFSET);
        assertThat(headers).extracting(Frame::title).contains("Fixture - Test Tone");

        // The last frame is handed out only once another frame's header follows it.
        assertThat(audio).hasSize(STEREO_FRAMES - 1);
        assertThat(result.leftover()).isEqualTo(STEREO_LAST_FRAME_LENGTH);
        assertThat(audio.get(0).offset()).isEqualTo(STEREO_FIRST_FRAME_OFFSET);
        assertThat(audio.get(0).length()).isEqualTo(STEREO_FIRST_FRAME_LENGTH);
        assertThat(audio).allSatisfy(f -> {
            assertThat(data[(int) f.offset()] & 0xFF).isEqualTo(0xFF);
            assertThat(data[(int) f.offset() + 1] & 0xFF).isEqualTo(0xF8);
            assertThat(f.durationMicros()).isEqualTo(STEREO_FRAME_MICROS);
            assertThat(f.startsNewStream()).isFalse();
        });
        assertThat(result.totalFrameBytes() + result.leftover()).isEqualTo(data.length);
        assertThat(framer.skippedBytes()).isZero();
    }

    @Test
    void explicitlyCodedBlockSizeAndRateGiveTheDuration() {
        byte[] data = resource(MONO);
        FlacFramer framer = new FlacFramer();

        Result result = feedWhole(framer, data);

        List<Frame> audio = audio(result);
        assertThat(audio).hasSize(MONO_FRAMES - 1);
        assertThat(audio.get(0).offset()).isEqualTo(MONO_FIRST_FRAME_OFFSET);
        assertThat(audio).allSatisfy(f -> assertThat(f.durationMicros()).isEqualTo(MONO_FRAME_MICROS));
        assertThat(result.leftover()).isEqualTo(MONO_LAST_FRAME_LENGTH);
    }

    @Test
    void randomSizedPiecesYieldTheSameFrames() {
        byte[] data = resource(STEREO);
        List<Frame> expected = feedWhole(new FlacFramer(), data).frames();
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(feedInPieces(new FlacFramer(), data, seed, 5000).frames()).isEqualTo(expected);
        }
        assertThat(feedInPieces(new FlacFramer(), data, 6, 7).frames()).isEqualTo(expected);
    }

    @Test
    void aFrameWithABadCrcIsDroppedAndTheNextOnesAreKept() {
        byte[] clean = resource(STEREO);
        List<Frame> cleanAudio = audio(feedWhole(new FlacFramer(), clean));
        byte[] data = clean.clone();
        Frame damaged = cleanAudio.get(5);
        data[(int) damaged.offset() + damaged.length() / 2] ^= 0x55;

        FlacFramer framer = new FlacFramer();
        List<Frame> audio = audio(feedInPieces(framer, data, 4, 3000));

        List<Frame> expected = new ArrayList<>(cleanAudio);
        expected.remove(5);
        assertThat(audio).extracting(Frame::offset).containsExactlyElementsOf(
                expected.stream().map(Frame::offset).toList());
        assertThat(framer.skippedBytes()).isEqualTo(damaged.length());
    }

    @Test
    void garbageBeforeTheMarkerAndBetweenFramesIsSkippedAndCounted() {
        byte[] clean = resource(STEREO);
        List<Frame> cleanAudio = audio(feedWhole(new FlacFramer(), clean));
        byte[] prefix = randomBytes(41, 3000);
        byte[] middle = randomBytes(42, 5000);
        Frame beforeGarbage = cleanAudio.get(9);
        byte[] data = concat(prefix, insert(clean, cleanAudio.get(10).offset(), middle));

        FlacFramer framer = new FlacFramer();
        Result result = feedInPieces(framer, data, 5, 4000);

        // The frame right before the garbage cannot be told complete (no header follows it): it goes too.
        List<Integer> expected = new ArrayList<>(cleanAudio.stream().map(Frame::length).toList());
        expected.remove(9);
        assertThat(audio(result)).extracting(Frame::length).containsExactlyElementsOf(expected);
        assertThat(headers(result).get(0).offset()).isEqualTo(prefix.length);
        assertThat(framer.skippedBytes()).isEqualTo(prefix.length + middle.length + beforeGarbage.length());
        assertThat(framer.skippedSinceLastFrame()).isZero();
    }

    @Test
    void aNewMarkerEndsTheLastFrameAndStartsANewStream() {
        byte[] first = resource(STEREO);
        byte[] second = resource(MONO);
        FlacFramer framer = new FlacFramer();

        Result result = feedInPieces(framer, concat(first, second), 7, 6000);

        List<Frame> starts = result.frames().stream().filter(Frame::startsNewStream).toList();
        assertThat(starts).extracting(Frame::offset).containsExactly(0L, (long) first.length);
        List<Frame> audio = audio(result);
        assertThat(audio).hasSize(STEREO_FRAMES + MONO_FRAMES - 1);
        assertThat(audio.get(STEREO_FRAMES - 1).length()).isEqualTo(STEREO_LAST_FRAME_LENGTH);
        assertThat(audio.get(STEREO_FRAMES).durationMicros()).isEqualTo(MONO_FRAME_MICROS);
        assertThat(framer.skippedBytes()).isZero();
    }

    @Test
    void bytesWithoutAMarkerAreNotAudio() {
        byte[] data = resource(STEREO);
        byte[] withoutHeader = Arrays.copyOfRange(data, STEREO_FIRST_FRAME_OFFSET, data.length);
        FlacFramer framer = new FlacFramer();

        Result result = feedWhole(framer, withoutHeader);

        assertThat(result.frames()).isEmpty();
        assertThat(framer.skippedBytes() + result.leftover()).isEqualTo(withoutHeader.length);
    }

    private static List<Frame> headers(Result result) {
        return result.frames().stream().filter(Frame::streamHeader).toList();
    }

    private static List<Frame> audio(Result result) {
        return result.frames().stream().filter(f -> !f.streamHeader()).toList();
    }
}
