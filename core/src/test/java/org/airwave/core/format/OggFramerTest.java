package org.airwave.core.format;

import static org.airwave.core.format.FramerFeed.concat;
import static org.airwave.core.format.FramerFeed.feedInPieces;
import static org.airwave.core.format.FramerFeed.feedWhole;
import static org.airwave.core.format.FramerFeed.randomBytes;
import static org.airwave.core.format.FramerFeed.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.airwave.core.format.FramerFeed.Frame;
import org.airwave.core.format.FramerFeed.Result;
import org.junit.jupiter.api.Test;

class OggFramerTest {

    private static final String VORBIS = "test-vorbis.ogg";
    private static final String OPUS = "test-opus-64k.opus";
    private static final String FLAC = "flac-8k-mono.oga";
    private static final String TITLE = "Fixture - Test Tone";

    /**
     * Page counts, header pages and last granule positions were read by walking the page headers
     * of each file (27-byte header, segment table) with a short script; they agree with ffprobe's
     * durations: 882000 / 44100 = 20.0 s, 960312 / 48000 = 20.0065 s, 16000 / 8000 = 2.0 s.
     */
    private static final int VORBIS_PAGES = 18;
    private static final long VORBIS_DURATION_MICROS = 20_000_000;
    private static final int OPUS_PAGES = 23;
    private static final long OPUS_DURATION_MICROS = 20_006_500;
    private static final int FLAC_PAGES = 4;
    private static final long FLAC_DURATION_MICROS = 2_000_000;
    /** oggenc writes a nominal bitrate of 96000 into the identification header (ffprobe: bit_rate=96000). */

    private static final int SKELETON_SERIAL = 0x5EED;
    private static final int SYNTHETIC_AUDIO_GRANULE = 44100;

    @Test
    void vorbisHeadersTitleAndDurations() {
        byte[] data = resource(VORBIS);
        OggFramer framer = new OggFramer();

        Result result = feedWhole(framer, data);
        List<Frame> pages = result.frames();

        assertThat(pages).hasSize(VORBIS_PAGES);
        assertThat(result.totalFrameBytes()).isEqualTo(data.length);
        assertThat(framer.skippedBytes()).isZero();
        assertThat(headerPages(pages)).containsExactly(0, 1);
        assertThat(newStreamPages(pages)).containsExactly(0);
        assertThat(pages).extracting(Frame::title).containsOnlyOnce(TITLE);
        assertThat(pages.get(1).title()).isEqualTo(TITLE);
        assertThat(pages.get(0).durationMicros()).isZero();
        assertThat(pages.get(1).durationMicros()).isZero();
        assertThat(result.totalDurationMicros()).isBetween(VORBIS_DURATION_MICROS - 20, VORBIS_DURATION_MICROS);
    }

    @Test
    void opusHeadersTitleAndDurations() {
        OggFramer framer = new OggFramer();

        Result result = feedWhole(framer, resource(OPUS));

        assertThat(result.frames()).hasSize(OPUS_PAGES);
        assertThat(headerPages(result.frames())).containsExactly(0, 1);
        assertThat(newStreamPages(result.frames())).containsExactly(0);
        assertThat(result.frames().get(1).title()).isEqualTo(TITLE);
        assertThat(result.frames()).extracting(Frame::title).containsOnlyOnce(TITLE);
        assertThat(result.totalDurationMicros()).isEqualTo(OPUS_DURATION_MICROS);
        assertThat(result.frames().get(2).durationMicros()).isEqualTo(1_000_000);
    }

    @Test
    void flacInOggHeadersTitleFromVorbisCommentBlockAndDurations() {
        OggFramer framer = new OggFramer();

        Result result = feedWhole(framer, resource(FLAC));

        assertThat(result.frames()).hasSize(FLAC_PAGES);
        assertThat(headerPages(result.frames())).containsExactly(0, 1);
        assertThat(result.frames().get(1).title()).isEqualTo(TITLE);
        assertThat(result.frames()).extracting(Frame::durationMicros).containsExactly(0L, 0L, 1_008_000L, 992_000L);
        assertThat(result.totalDurationMicros()).isEqualTo(FLAC_DURATION_MICROS);
    }

    @Test
    void randomSizedPiecesYieldTheSamePages() {
        for (String file : List.of(VORBIS, OPUS, FLAC)) {
            byte[] data = resource(file);
            List<Frame> expected = feedWhole(new OggFramer(), data).frames();
            for (long seed = 1; seed <= 4; seed++) {
                assertThat(feedInPieces(new OggFramer(), data, seed, 5000).frames()).as(file).isEqualTo(expected);
            }
            assertThat(feedInPieces(new OggFramer(), data, 5, 7).frames()).as(file).isEqualTo(expected);
        }
    }

    @Test
    void corruptedCrcOrBodyMakesThePageSkippedAndTheFramerResyncs() {
        byte[] clean = resource(VORBIS);
        List<Frame> cleanPages = feedWhole(new OggFramer(), clean).frames();
        Frame badCrc = cleanPages.get(5);
        Frame badBody = cleanPages.get(9);
        byte[] data = clean.clone();
        data[(int) badCrc.offset() + 22] ^= 0x01;
        data[(int) badBody.offset() + 500] ^= 0x40;
        OggFramer framer = new OggFramer();

        Result result = feedInPieces(framer, data, 2, 5000);

        List<Frame> expected = new ArrayList<>(cleanPages);
        expected.remove(badBody);
        expected.remove(badCrc);
        assertThat(result.frames()).extracting(Frame::offset)
                .containsExactlyElementsOf(expected.stream().map(Frame::offset).toList());
        assertThat(framer.skippedBytes()).isEqualTo(badCrc.length() + badBody.length());
        assertThat(result.totalDurationMicros()).as("granule positions bridge the gaps")
                .isBetween(VORBIS_DURATION_MICROS - 20, VORBIS_DURATION_MICROS);
    }

    @Test
    void garbageBeforeAndBetweenPagesIsSkipped() {
        byte[] clean = resource(OPUS);
        List<Frame> cleanPages = feedWhole(new OggFramer(), clean).frames();
        byte[] prefix = randomBytes(51, 3000);
        byte[] middle = randomBytes(52, 1234);
        byte[] data = concat(prefix, FramerFeed.insert(clean, cleanPages.get(10).offset(), middle));
        OggFramer framer = new OggFramer();

        Result result = feedInPieces(framer, data, 6, 5000);

        assertThat(result.frames()).hasSize(OPUS_PAGES);
        assertThat(framer.skippedBytes()).isEqualTo(prefix.length + middle.length);
        assertThat(result.frames().get(1).title()).isEqualTo(TITLE);
        assertThat(result.totalDurationMicros()).isEqualTo(OPUS_DURATION_MICROS);
    }

    @Test
    void pureGarbageYieldsNoPages() {
        byte[] garbage = randomBytes(61, 100_000);
        OggFramer framer = new OggFramer();

        Result result = feedInPieces(framer, garbage, 7, 5000);

        assertThat(result.frames()).isEmpty();
        assertThat(framer.skippedSinceLastFrame()).isEqualTo(framer.skippedBytes()).isEqualTo(garbage.length);
    }

    @Test
    void truncatedLastPageNeedsMoreBytes() {
        byte[] data = resource(VORBIS);
        OggFramer framer = new OggFramer();

        Result result = feedWhole(framer, Arrays.copyOf(data, data.length - 1));

        assertThat(result.frames()).hasSize(VORBIS_PAGES - 1);
        assertThat(framer.skippedBytes()).isZero();
        assertThat(result.leftover()).isPositive();
    }

    @Test
    void chainedStreamsStartNewStreamsAndResetCodecState() {
        OggFramer framer = new OggFramer();

        Result result = feedInPieces(framer, concat(resource(VORBIS), resource(OPUS)), 8, 5000);
        List<Frame> pages = result.frames();

        assertThat(pages).hasSize(VORBIS_PAGES + OPUS_PAGES);
        assertThat(newStreamPages(pages)).containsExactly(0, VORBIS_PAGES);
        assertThat(headerPages(pages)).containsExactly(0, 1, VORBIS_PAGES, VORBIS_PAGES + 1);
        assertThat(pages.get(1).title()).isEqualTo(TITLE);
        assertThat(pages.get(VORBIS_PAGES + 1).title()).isEqualTo(TITLE);
        assertThat(pages.get(VORBIS_PAGES + 2).durationMicros()).isEqualTo(1_000_000);
        assertThat(result.totalDurationMicros())
                .isBetween(VORBIS_DURATION_MICROS + OPUS_DURATION_MICROS - 20, VORBIS_DURATION_MICROS + OPUS_DURATION_MICROS);
    }

    @Test
    void multiplexedBosPagesStartOneStreamAndOtherStreamsPassThrough() {
        OggPageWriter skeleton = new OggPageWriter(SKELETON_SERIAL, 0);
        byte[] vorbis = resource(VORBIS);
        byte[] vorbisBos = Arrays.copyOf(vorbis, 58);
        byte[] data = concat(skeleton.pages(OggPageWriter.FLAG_BOS, 0, ascii("fishead\0" + "x".repeat(56))),
                vorbisBos,
                skeleton.pages(OggPageWriter.FLAG_EOS, 0, new byte[0]),
                Arrays.copyOfRange(vorbis, 58, vorbis.length));
        OggFramer framer = new OggFramer();

        Result result = feedWhole(framer, data);
        List<Frame> pages = result.frames();

        assertThat(pages).hasSize(VORBIS_PAGES + 2);
        assertThat(newStreamPages(pages)).containsExactly(0);
        assertThat(headerPages(pages)).containsExactly(0, 1, 3);
        assertThat(pages.get(3).title()).isEqualTo(TITLE);
        assertThat(result.totalDurationMicros()).isBetween(VORBIS_DURATION_MICROS - 20, VORBIS_DURATION_MICROS);
    }

    @Test
    void commentPacketSpanningPagesIsReassembled() {
        byte[] vorbis = resource(VORBIS);
        OggPageWriter writer = new OggPageWriter(serialOf(vorbis), 1);
        byte[] comment = vorbisComment("Big", "Packet", 70_000);
        byte[] data = concat(Arrays.copyOf(vorbis, 58),
                writer.pages(0, 0, comment, vorbisSetup()),
                writer.pages(0, SYNTHETIC_AUDIO_GRANULE, new byte[1000]));
        OggFramer framer = new OggFramer();

        List<Frame> pages = feedInPieces(framer, data, 9, 5000).frames();

        assertThat(pages).hasSize(4);
        assertThat(headerPages(pages)).containsExactly(0, 1, 2);
        assertThat(pages).extracting(Frame::title).containsExactly(null, null, "Packet - Big", null);
        assertThat(pages.get(1).durationMicros()).isZero();
        assertThat(pages.get(3).durationMicros()).isEqualTo(1_000_000);
    }

    @Test
    void lostPageInsideTheCommentPacketDropsTheTitleButNotTheHeaderBoundary() {
        byte[] vorbis = resource(VORBIS);
        OggPageWriter writer = new OggPageWriter(serialOf(vorbis), 1);
        byte[] headers = writer.pages(0, 0, vorbisComment("Lost", "Page", 140_000), vorbisSetup());
        byte[] data = concat(Arrays.copyOf(vorbis, 58), headers,
                writer.pages(0, SYNTHETIC_AUDIO_GRANULE, new byte[1000]));
        List<Frame> intact = feedWhole(new OggFramer(), data).frames();
        assertThat(intact).hasSize(5);
        data[(int) intact.get(2).offset() + 22] ^= 0x01;
        OggFramer framer = new OggFramer();

        List<Frame> pages = feedWhole(framer, data).frames();

        assertThat(pages).hasSize(4);
        assertThat(framer.skippedBytes()).isEqualTo(intact.get(2).length());
        assertThat(headerPages(pages)).containsExactly(0, 1, 2);
        assertThat(pages).extracting(Frame::title).containsOnlyNulls();
        assertThat(pages.get(3).durationMicros()).isEqualTo(1_000_000);
    }

    @Test
    void oversizedCommentPacketYieldsNoTitleButKeepsHeadersAndTiming() {
        byte[] vorbis = resource(VORBIS);
        OggPageWriter writer = new OggPageWriter(serialOf(vorbis), 1);
        byte[] comment = vorbisComment("Too", "Big", OggFramer.MAX_HEADER_PACKET_BYTES);
        byte[] headers = writer.pages(0, 0, comment, vorbisSetup());
        byte[] data = concat(Arrays.copyOf(vorbis, 58), headers,
                writer.pages(0, SYNTHETIC_AUDIO_GRANULE, new byte[1000]),
                writer.pages(0, 2 * SYNTHETIC_AUDIO_GRANULE, new byte[1000]));
        OggFramer framer = new OggFramer();

        List<Frame> pages = feedWhole(framer, data).frames();

        int headerCount = pages.size() - 2;
        assertThat(headerCount).isGreaterThan(4);
        assertThat(headerPages(pages)).containsExactlyElementsOf(IntStream.range(0, headerCount).boxed().toList());
        assertThat(pages).extracting(Frame::title).containsOnlyNulls();
        assertThat(pages.get(headerCount).durationMicros()).isEqualTo(1_000_000);
        assertThat(pages.get(headerCount + 1).durationMicros()).isEqualTo(1_000_000);
    }

    @Test
    void titleFallsBackToTitleAloneAndNeedsATitle() {
        assertThat(titleOf(vorbisCommentWith("title=Only Title", "ENCODER=x"))).isEqualTo("Only Title");
        assertThat(titleOf(vorbisCommentWith("ARTIST=Only Artist"))).isNull();
        assertThat(titleOf(vorbisCommentWith("Artist=Café", "TITLE=Über"))).isEqualTo("Café - Über");
    }

    @Test
    void testPageWriterAgreesWithTheFixtureCrc() {
        byte[] firstPage = Arrays.copyOf(resource(VORBIS), 58);
        int stored = (firstPage[22] & 0xFF) | (firstPage[23] & 0xFF) << 8 | (firstPage[24] & 0xFF) << 16
                | (firstPage[25] & 0xFF) << 24;
        assertThat(OggPageWriter.crc(firstPage)).isEqualTo(stored);
    }

    private static String titleOf(byte[] commentPacket) {
        byte[] vorbis = resource(VORBIS);
        OggPageWriter writer = new OggPageWriter(serialOf(vorbis), 1);
        byte[] data = concat(Arrays.copyOf(vorbis, 58), writer.pages(0, 0, commentPacket, vorbisSetup()));
        return feedWhole(new OggFramer(), data).frames().get(1).title();
    }

    private static List<Integer> headerPages(List<Frame> pages) {
        return IntStream.range(0, pages.size()).filter(i -> pages.get(i).streamHeader()).boxed().toList();
    }

    private static List<Integer> newStreamPages(List<Frame> pages) {
        return IntStream.range(0, pages.size()).filter(i -> pages.get(i).startsNewStream()).boxed().toList();
    }

    private static int serialOf(byte[] page) {
        return (page[14] & 0xFF) | (page[15] & 0xFF) << 8 | (page[16] & 0xFF) << 16 | (page[17] & 0xFF) << 24;
    }

    private static byte[] vorbisComment(String title, String artist, int paddingBytes) {
        return vorbisCommentWith("TITLE=" + title, "ARTIST=" + artist, "PADDING=" + "x".repeat(paddingBytes));
    }

    private static byte[] vorbisCommentWith(String... comments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {3, 'v', 'o', 'r', 'b', 'i', 's'});
        writeString(out, "test vendor");
        writeLE32(out, comments.length);
        for (String comment : comments) {
            writeString(out, comment);
        }
        out.write(1);
        return out.toByteArray();
    }

    private static byte[] vorbisSetup() {
        byte[] setup = new byte[600];
        System.arraycopy(new byte[] {5, 'v', 'o', 'r', 'b', 'i', 's'}, 0, setup, 0, 7);
        return setup;
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLE32(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeLE32(ByteArrayOutputStream out, int value) {
        byte[] bytes = new byte[4];
        OggPageWriter.putLE(bytes, 0, value, 4);
        out.writeBytes(bytes);
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
