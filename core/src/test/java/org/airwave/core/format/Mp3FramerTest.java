package org.airwave.core.format;

import static org.airwave.core.format.FramerFeed.concat;
import static org.airwave.core.format.FramerFeed.feedInPieces;
import static org.airwave.core.format.FramerFeed.feedWhole;
import static org.airwave.core.format.FramerFeed.insert;
import static org.airwave.core.format.FramerFeed.randomBytes;
import static org.airwave.core.format.FramerFeed.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.airwave.core.format.FramerFeed.Frame;
import org.airwave.core.format.FramerFeed.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Mp3FramerTest {

    private static final String CBR_FILE = "test-128k-44k1-stereo.mp3";
    /** {@code ffprobe -v error -count_packets -show_entries stream=nb_read_packets test-128k-44k1-stereo.mp3}. */
    private static final int CBR_FRAMES = 767;
    /** {@code ffprobe -show_entries format=duration}: 767 * 1152 / 44100 s. */
    private static final double CBR_DURATION_SECONDS = 20.035875;
    /** 144 * 128000 / 44100 rounded down; a padded frame has one byte more. */
    private static final int CBR_UNPADDED_FRAME_LENGTH = 417;
    private static final long MPEG_1_LAYER_3_44K1_FRAME_MICROS = 1152 * 1_000_000L / 44100;

    /**
     * track1.mp3: ffprobe counts 155 audio packets, the first at byte 563; the LAME Info frame
     * before it (bytes 146..562, which ffmpeg's demuxer consumes) is a frame for the framer.
     */
    private static final int TRACK1_FRAMES = 156;
    /** ID3v2.3 header "ID3 03 00 00 00 00 01 08": syncsafe size 136 + 10-byte header. */
    private static final int TRACK1_ID3V2_LENGTH = 146;
    private static final int ID3V1_LENGTH = 128;

    /**
     * mpeg2-l3-22k-mono.mp3 (see resources README): 79 packets per ffprobe, plus ffmpeg's Info frame
     * of 182 bytes (56 kbit/s) after a 65-byte ID3v2.4 tag ("ID3 04 ... 00 00 00 37").
     */
    private static final int MPEG_2_FRAMES = 80;
    private static final int MPEG_2_ID3V2_LENGTH = 65;
    private static final int MPEG_2_INFO_FRAME_LENGTH = 182;
    /** 576 samples at 22050 Hz. */
    private static final long MPEG_2_FRAME_MICROS = 26_122;

    /** mpeg25-l3-8k-mono.mp3: 30 packets per ffprobe, 72 * 16000 / 8000 = 144 bytes each, 576 samples at 8 kHz. */
    private static final int MPEG_2_5_FRAMES = 30;
    private static final int MPEG_2_5_FRAME_LENGTH = 144;
    private static final long MPEG_2_5_FRAME_MICROS = 72_000;

    /** mpeg1-l2-48k-stereo.mp2: 84 packets per ffprobe, 144 * 192000 / 48000 = 576 bytes, 1152 samples at 48 kHz. */
    private static final int LAYER_2_FRAMES = 84;
    private static final int LAYER_2_FRAME_LENGTH = 576;
    private static final long LAYER_2_FRAME_MICROS = 24_000;

    /** MPEG-1 Layer I, 128 kbit/s, 44.1 kHz, no CRC, stereo: (12 * 128000 / 44100 + padding) * 4. */
    private static final int LAYER_1_HEADER = 0xFFFF4000;
    private static final int LAYER_1_PADDING_BIT = 0x200;
    private static final int LAYER_1_FRAME_LENGTH = 136;
    private static final int LAYER_1_PADDED_FRAME_LENGTH = 140;
    private static final long LAYER_1_FRAME_MICROS = 384 * 1_000_000L / 44100;

    @Test
    void cbrFileParsesIntoTheFrameCountFfprobeReports() {
        byte[] data = resource(CBR_FILE);
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).hasSize(CBR_FRAMES);
        assertThat(result.totalFrameBytes()).isEqualTo(data.length);
        assertThat(result.leftover()).isZero();
        assertThat(framer.skippedBytes()).isZero();
        assertThat(result.totalDurationMicros() / 1e6).isCloseTo(CBR_DURATION_SECONDS, within(0.001));
        for (Frame frame : result.frames()) {
            int offset = (int) frame.offset();
            boolean padded = (data[offset + 2] & 0x02) != 0;
            assertThat(data[offset] & 0xFF).isEqualTo(0xFF);
            assertThat(frame.length()).isEqualTo(CBR_UNPADDED_FRAME_LENGTH + (padded ? 1 : 0));
            assertThat(frame.durationMicros()).isEqualTo(MPEG_1_LAYER_3_44K1_FRAME_MICROS);
            assertThat(frame.streamHeader()).isFalse();
            assertThat(frame.startsNewStream()).isFalse();
            assertThat(frame.title()).isNull();
        }
    }

    @Test
    void randomSizedPiecesYieldTheSameFrames() {
        byte[] data = resource(CBR_FILE);
        List<Frame> expected = feedWhole(new Mp3Framer(), data).frames();
        for (long seed = 1; seed <= 5; seed++) {
            Mp3Framer framer = new Mp3Framer();
            Result result = feedInPieces(framer, data, seed, 5000);
            assertThat(result.frames()).isEqualTo(expected);
            assertThat(framer.skippedBytes()).isZero();
        }
    }

    @Test
    void tinyPiecesYieldTheSameFrames() {
        byte[] data = resource("track1.mp3");
        List<Frame> expected = feedWhole(new Mp3Framer(), data).frames();
        assertThat(feedInPieces(new Mp3Framer(), data, 7, 3).frames()).isEqualTo(expected);
    }

    @Test
    void garbageBeforeAndBetweenFramesIsSkippedAndCounted() {
        byte[] clean = resource(CBR_FILE);
        List<Frame> cleanFrames = feedWhole(new Mp3Framer(), clean).frames();
        byte[] prefix = randomBytes(11, 3000);
        byte[] middle = randomBytes(12, 1000);
        byte[] late = randomBytes(13, 517);
        byte[] data = insert(clean, cleanFrames.get(400).offset(), late);
        data = insert(data, cleanFrames.get(100).offset(), middle);
        data = concat(prefix, data);

        for (long seed = 0; seed < 3; seed++) {
            Mp3Framer framer = new Mp3Framer();
            Result result = feedInPieces(framer, data, seed, 5000);

            assertThat(result.frames()).extracting(Frame::length)
                    .containsExactlyElementsOf(cleanFrames.stream().map(Frame::length).toList());
            assertThat(framer.skippedBytes()).isEqualTo(prefix.length + middle.length + late.length);
            assertThat(framer.skippedSinceLastFrame()).isZero();
            assertThat(result.frames().get(0).offset()).isEqualTo(prefix.length);
            assertThat(result.frames().get(100).offset())
                    .isEqualTo(prefix.length + middle.length + cleanFrames.get(100).offset());
        }
    }

    @Test
    void pureGarbageYieldsNoFrames() {
        byte[] garbage = randomBytes(21, 200_000);
        Mp3Framer framer = new Mp3Framer();

        Result result = feedInPieces(framer, garbage, 3, 5000);

        assertThat(result.frames()).isEmpty();
        assertThat(framer.skippedSinceLastFrame()).isEqualTo(framer.skippedBytes());
        assertThat(framer.skippedBytes() + result.leftover()).isEqualTo(garbage.length);
        assertThat(result.leftover()).isLessThan(3000);
    }

    @Test
    void skippedSinceLastFrameGrowsWithGarbageAndResetsOnTheNextFrame() {
        byte[] frames = resource(CBR_FILE);
        Mp3Framer framer = new Mp3Framer();
        ByteBuf buffer = Unpooled.buffer();
        try {
            buffer.writeBytes(frames, 0, 2000);
            int first = framer.nextFrame(buffer);
            assertThat(first).isEqualTo(CBR_UNPADDED_FRAME_LENGTH);
            buffer.skipBytes(first);
            buffer.writeBytes(new byte[5000]);
            assertThat(framer.nextFrame(buffer)).isPositive();
            buffer.clear();

            buffer.writeBytes(new byte[5000]);
            assertThat(framer.nextFrame(buffer)).isZero();
            assertThat(framer.skippedSinceLastFrame()).isEqualTo(5000);
            buffer.writeBytes(new byte[3000]);
            assertThat(framer.nextFrame(buffer)).isZero();
            assertThat(framer.skippedSinceLastFrame()).isEqualTo(8000);

            buffer.writeBytes(frames, 0, 2000);
            assertThat(framer.nextFrame(buffer)).isEqualTo(CBR_UNPADDED_FRAME_LENGTH);
            assertThat(framer.skippedSinceLastFrame()).isZero();
            assertThat(framer.skippedBytes()).isEqualTo(8000);
        } finally {
            buffer.release();
        }
    }

    @Test
    void truncatedLastFrameNeedsMoreBytes() {
        byte[] data = resource(CBR_FILE);
        List<Frame> all = feedWhole(new Mp3Framer(), data).frames();
        Frame last = all.get(all.size() - 1);
        byte[] truncated = Arrays.copyOf(data, data.length - 10);
        Mp3Framer framer = new Mp3Framer();
        ByteBuf buffer = Unpooled.wrappedBuffer(truncated);
        try {
            int frames = 0;
            int length;
            while ((length = framer.nextFrame(buffer)) > 0) {
                buffer.skipBytes(length);
                frames++;
            }
            assertThat(frames).isEqualTo(CBR_FRAMES - 1);
            assertThat(buffer.readerIndex()).isEqualTo(last.offset());
            assertThat(framer.nextFrame(buffer)).isZero();
            assertThat(buffer.readerIndex()).isEqualTo(last.offset());
            assertThat(framer.skippedBytes()).isZero();
        } finally {
            buffer.release();
        }
    }

    @Test
    void leadingId3v2TagTrailingId3v1TagAndInfoFrame() {
        byte[] data = resource("track1.mp3");
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).hasSize(TRACK1_FRAMES);
        Frame info = result.frames().get(0);
        assertThat(info.offset()).isEqualTo(TRACK1_ID3V2_LENGTH);
        assertThat(new String(data, (int) info.offset() + 36, 4, StandardCharsets.US_ASCII)).isEqualTo("Info");
        assertThat(framer.skippedBytes()).isEqualTo(TRACK1_ID3V2_LENGTH + ID3V1_LENGTH);
        assertThat(result.totalFrameBytes() + framer.skippedBytes()).isEqualTo(data.length);
        assertThat(result.leftover()).isZero();
    }

    @Test
    void tagsBetweenConcatenatedFilesAreSkippedWithoutLosingFrames() {
        byte[] track = resource("track1.mp3");
        Mp3Framer framer = new Mp3Framer();

        Result result = feedInPieces(framer, concat(track, track, track), 5, 1500);

        assertThat(result.frames()).hasSize(3 * TRACK1_FRAMES);
        assertThat(framer.skippedBytes()).isEqualTo(3L * (TRACK1_ID3V2_LENGTH + ID3V1_LENGTH));
        assertThat(result.frames().get(TRACK1_FRAMES).offset()).isEqualTo(track.length + TRACK1_ID3V2_LENGTH);
    }

    @Test
    void id3v24TagWithFooterIsSkipped() {
        byte[] body = new byte[300];
        body[100] = (byte) 0xFF;
        body[101] = (byte) 0xFB;
        byte[] header = {'I', 'D', '3', 4, 0, 0x10, 0, 0, 0x02, 0x2C};
        byte[] footer = {'3', 'D', 'I', 4, 0, 0x10, 0, 0, 0x02, 0x2C};
        byte[] tag = concat(header, body, footer);
        byte[] audio = resource(CBR_FILE);
        Mp3Framer framer = new Mp3Framer();

        Result result = feedInPieces(framer, concat(tag, audio), 9, 100);

        assertThat(framer.skippedBytes()).isEqualTo(tag.length);
        assertThat(result.frames()).hasSize(CBR_FRAMES);
        assertThat(result.frames().get(0).offset()).isEqualTo(tag.length);
    }

    @Test
    void mpeg2Layer3BehindFfmpegId3v24Tag() {
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, resource("mpeg2-l3-22k-mono.mp3"));

        assertThat(result.frames()).hasSize(MPEG_2_FRAMES);
        assertThat(framer.skippedBytes()).isEqualTo(MPEG_2_ID3V2_LENGTH);
        assertThat(result.frames().get(0).length()).isEqualTo(MPEG_2_INFO_FRAME_LENGTH);
        assertThat(result.frames()).allSatisfy(f -> assertThat(f.durationMicros()).isEqualTo(MPEG_2_FRAME_MICROS));
        assertThat(result.frames().subList(1, MPEG_2_FRAMES)).allSatisfy(f -> assertThat(f.length()).isBetween(104, 105));
    }

    @Test
    void mpeg25Layer3() {
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, resource("mpeg25-l3-8k-mono.mp3"));

        assertThat(result.frames()).hasSize(MPEG_2_5_FRAMES)
                .allSatisfy(f -> {
                    assertThat(f.length()).isEqualTo(MPEG_2_5_FRAME_LENGTH);
                    assertThat(f.durationMicros()).isEqualTo(MPEG_2_5_FRAME_MICROS);
                });
    }

    @Test
    void mpeg1Layer2() {
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, resource("mpeg1-l2-48k-stereo.mp2"));

        assertThat(result.frames()).hasSize(LAYER_2_FRAMES)
                .allSatisfy(f -> {
                    assertThat(f.length()).isEqualTo(LAYER_2_FRAME_LENGTH);
                    assertThat(f.durationMicros()).isEqualTo(LAYER_2_FRAME_MICROS);
                });
    }

    @Test
    void mpeg1Layer1FrameLengthsFollowPadding() {
        byte[] data = concat(frame(LAYER_1_HEADER, LAYER_1_FRAME_LENGTH),
                frame(LAYER_1_HEADER | LAYER_1_PADDING_BIT, LAYER_1_PADDED_FRAME_LENGTH),
                frame(LAYER_1_HEADER, LAYER_1_FRAME_LENGTH),
                frame(LAYER_1_HEADER | LAYER_1_PADDING_BIT, LAYER_1_PADDED_FRAME_LENGTH));
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).extracting(Frame::length).containsExactly(LAYER_1_FRAME_LENGTH,
                LAYER_1_PADDED_FRAME_LENGTH, LAYER_1_FRAME_LENGTH, LAYER_1_PADDED_FRAME_LENGTH);
        assertThat(result.frames()).allSatisfy(f -> assertThat(f.durationMicros()).isEqualTo(LAYER_1_FRAME_MICROS));
    }

    /** Valid MPEG-1 Layer III 128 kbit/s 44.1 kHz header 0xFFFB9000 with one field made reserved or invalid. */
    @ParameterizedTest
    @ValueSource(ints = {
        0xFFFB0000, // free format bitrate
        0xFFFBF000, // bitrate index 15
        0xFFFB9C00, // sample rate index 3
        0xFFF99000, // layer 00
        0xFFEB9000, // version 01
        0xFFFB9002, // emphasis 10
    })
    void reservedOrFreeFormatHeadersAreNotFrames(int header) {
        byte[] data = new byte[0];
        for (int i = 0; i < 20; i++) {
            data = concat(data, frame(header, CBR_UNPADDED_FRAME_LENGTH));
        }
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).isEmpty();
        assertThat(framer.skippedBytes()).isEqualTo(data.length);
    }

    @Test
    void framesOfDifferentSampleRatesDoNotConfirmEachOther() {
        int at44k1 = 0xFFFB9000;
        int at48k = 0xFFFB9400;
        byte[] data = concat(frame(at44k1, 417), frame(at48k, 384), frame(at44k1, 417), frame(at48k, 384));
        Mp3Framer framer = new Mp3Framer();

        Result result = feedWhole(framer, data);

        assertThat(result.frames()).isEmpty();
    }

    private static byte[] frame(int header, int length) {
        byte[] frame = new byte[length];
        frame[0] = (byte) (header >>> 24);
        frame[1] = (byte) (header >>> 16);
        frame[2] = (byte) (header >>> 8);
        frame[3] = (byte) header;
        return frame;
    }
}
