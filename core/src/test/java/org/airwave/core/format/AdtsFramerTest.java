package org.airwave.core.format;

import static org.airwave.core.format.FramerFeed.concat;
import static org.airwave.core.format.FramerFeed.feedInPieces;
import static org.airwave.core.format.FramerFeed.feedWhole;
import static org.airwave.core.format.FramerFeed.insert;
import static org.airwave.core.format.FramerFeed.randomBytes;
import static org.airwave.core.format.FramerFeed.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.airwave.core.format.FramerFeed.Frame;
import org.airwave.core.format.FramerFeed.Result;
import org.junit.jupiter.api.Test;

class AdtsFramerTest {

    private static final String FILE = "test-aac-96k.aac";
    /**
     * {@code ffprobe -v error -count_packets -show_entries stream=nb_read_packets test-aac-96k.aac};
     * {@code -show_packets} shows them back to back from byte 0 to the end of the file.
     */
    private static final int FRAMES = 863;
    /** One raw data block of 1024 samples at 44.1 kHz. */
    private static final long FRAME_MICROS = 1024 * 1_000_000L / 44100;

    /** aac-22k-id3.aac: 45 packets per ffprobe, the first at byte 58 after ffmpeg's ID3v2.4 tag. */
    private static final int ID3_FILE_FRAMES = 45;
    private static final int ID3_FILE_TAG_LENGTH = 58;
    private static final long ID3_FILE_FRAME_MICROS = 1024 * 1_000_000L / 22050;

    private static final int SAMPLE_RATE_INDEX_44K1 = 4;
    private static final int CHANNELS_STEREO = 2;

    @Test
    void fileParsesIntoTheFrameCountFfprobeReports() {
        byte[] data = resource(FILE);
        AdtsFramer framer = new AdtsFramer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).hasSize(FRAMES);
        assertThat(result.totalFrameBytes()).isEqualTo(data.length);
        assertThat(framer.skippedBytes()).isZero();
        assertThat(result.frames()).allSatisfy(f -> {
            assertThat(data[(int) f.offset()] & 0xFF).isEqualTo(0xFF);
            assertThat(f.durationMicros()).isEqualTo(FRAME_MICROS);
            assertThat(f.streamHeader()).isFalse();
        });
        assertThat(result.totalDurationMicros()).isEqualTo(FRAMES * FRAME_MICROS);
    }

    @Test
    void randomSizedPiecesYieldTheSameFrames() {
        byte[] data = resource(FILE);
        List<Frame> expected = feedWhole(new AdtsFramer(), data).frames();
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(feedInPieces(new AdtsFramer(), data, seed, 5000).frames()).isEqualTo(expected);
        }
        assertThat(feedInPieces(new AdtsFramer(), data, 6, 4).frames()).isEqualTo(expected);
    }

    @Test
    void garbageBeforeAndBetweenFramesIsSkippedAndCounted() {
        byte[] clean = resource(FILE);
        List<Frame> cleanFrames = feedWhole(new AdtsFramer(), clean).frames();
        byte[] prefix = randomBytes(31, 4000);
        byte[] middle = randomBytes(32, 777);
        byte[] data = concat(prefix, insert(clean, cleanFrames.get(500).offset(), middle));

        AdtsFramer framer = new AdtsFramer();
        Result result = feedInPieces(framer, data, 3, 5000);

        assertThat(result.frames()).extracting(Frame::length)
                .containsExactlyElementsOf(cleanFrames.stream().map(Frame::length).toList());
        assertThat(framer.skippedBytes()).isEqualTo(prefix.length + middle.length);
        assertThat(result.frames().get(500).offset())
                .isEqualTo(prefix.length + middle.length + cleanFrames.get(500).offset());
    }

    @Test
    void pureGarbageYieldsNoFrames() {
        byte[] garbage = randomBytes(41, 100_000);
        AdtsFramer framer = new AdtsFramer();

        Result result = feedInPieces(framer, garbage, 4, 5000);

        assertThat(result.frames()).isEmpty();
        assertThat(framer.skippedSinceLastFrame()).isEqualTo(framer.skippedBytes());
        assertThat(framer.skippedBytes() + result.leftover()).isEqualTo(garbage.length);
        assertThat(result.leftover()).isLessThan(1 << 13);
    }

    @Test
    void ffmpegId3v2TagInFrontIsSkipped() {
        AdtsFramer framer = new AdtsFramer();

        Result result = feedInPieces(framer, resource("aac-22k-id3.aac"), 8, 50);

        assertThat(result.frames()).hasSize(ID3_FILE_FRAMES);
        assertThat(result.frames().get(0).offset()).isEqualTo(ID3_FILE_TAG_LENGTH);
        assertThat(framer.skippedBytes()).isEqualTo(ID3_FILE_TAG_LENGTH);
        assertThat(result.frames()).allSatisfy(f -> assertThat(f.durationMicros()).isEqualTo(ID3_FILE_FRAME_MICROS));
    }

    @Test
    void truncatedLastFrameNeedsMoreBytes() {
        byte[] data = resource(FILE);
        ByteBuf buffer = Unpooled.wrappedBuffer(Arrays.copyOf(data, data.length - 3));
        AdtsFramer framer = new AdtsFramer();
        try {
            int frames = 0;
            int length;
            while ((length = framer.nextFrame(buffer)) > 0) {
                buffer.skipBytes(length);
                frames++;
            }
            assertThat(frames).isEqualTo(FRAMES - 1);
            assertThat(framer.nextFrame(buffer)).isZero();
            assertThat(framer.skippedBytes()).isZero();
            assertThat(buffer.readableBytes()).isPositive();
        } finally {
            buffer.release();
        }
    }

    @Test
    void rawDataBlocksAndCrcAreHonoured() {
        byte[] data = concat(
                frame(200, 0, false), frame(300, 1, false), frame(250, 3, true), frame(200, 0, true));
        AdtsFramer framer = new AdtsFramer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).extracting(Frame::length).containsExactly(200, 300, 250, 200);
        assertThat(result.frames()).extracting(Frame::durationMicros)
                .containsExactly(FRAME_MICROS, 2048 * 1_000_000L / 44100, 4096 * 1_000_000L / 44100, FRAME_MICROS);
    }

    @Test
    void reservedSampleRateIndexIsNotAFrame() {
        byte[] valid = frame(200, 0, false);
        byte[] reserved = valid.clone();
        reserved[2] = (byte) ((reserved[2] & ~0x3C) | (13 << 2));
        AdtsFramer framer = new AdtsFramer();

        Result result = feedWhole(framer, concat(reserved, reserved, reserved));

        assertThat(result.frames()).isEmpty();
    }

    /** An AAC-LC ADTS frame of {@code length} bytes, 44.1 kHz stereo, zero payload. */
    private static byte[] frame(int length, int extraRawDataBlocks, boolean crc) {
        byte[] frame = new byte[length];
        frame[0] = (byte) 0xFF;
        frame[1] = (byte) (0xF0 | (crc ? 0 : 1));
        frame[2] = (byte) ((1 << 6) | (SAMPLE_RATE_INDEX_44K1 << 2) | (CHANNELS_STEREO >> 2));
        frame[3] = (byte) (((CHANNELS_STEREO & 3) << 6) | ((length >> 11) & 3));
        frame[4] = (byte) (length >> 3);
        frame[5] = (byte) (((length & 7) << 5) | 0x1F);
        frame[6] = (byte) (0xFC | extraRawDataBlocks);
        return frame;
    }
}
