package org.airwave.serve.icy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.airwave.core.stream.StreamMetadata;
import org.junit.jupiter.api.Test;

class IcyMetadataBlockTest {

    private static final Charset UTF8 = StandardCharsets.UTF_8;
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
    private static final int LONG = 10_000;

    @Test
    void emptyTitleIsTheBlockIcecastSendsOnAFreshMount() throws IOException {
        byte[] captured = resource("icecast2-listener-get-icy-metadata.first-metadata-block.bin");

        assertThat(bytes(IcyMetadataBlock.encode(StreamMetadata.EMPTY, UTF8))).isEqualTo(captured);
        assertThat(bytes(IcyMetadataBlock.forMetadata(StreamMetadata.EMPTY))).isEqualTo(captured);
        assertThat(captured).hasSize(17);
    }

    @Test
    void titleBlockMatchesIcecastCapture() throws IOException {
        byte[] captured = resource("icecast2-listener-get-icy-metadata-quote.first-metadata-block.bin");

        assertThat(bytes(IcyMetadataBlock.encode(meta("Artist - Title", ""), LATIN1))).isEqualTo(captured);
    }

    @Test
    void singleQuotesAndLatin1MatchIcecastBlocks() {
        // blocks from the metadata analysis in icecast2-listener-get-icy-metadata-quote.response.txt
        assertThat(bytes(IcyMetadataBlock.encode(meta("O'Brien & Co - It's", ""), LATIN1)))
                .isEqualTo(block(3, "StreamTitle='O'Brien & Co - It's';", LATIN1));
        assertThat(bytes(IcyMetadataBlock.encode(meta("Café - Latin1", ""), LATIN1)))
                .isEqualTo(block(2, "StreamTitle='Café - Latin1';", LATIN1))
                .contains(0xE9);
    }

    @Test
    void aMountWithoutInputSaysSoAfterAnEmptyTitleForAirwaveRelays() {
        StreamMetadata noInput = meta("Artist - Title", "http://station.example").nextWithoutInput();
        assertThat(payload(IcyMetadataBlock.forMetadata(noInput), UTF8))
                .isEqualTo("StreamTitle='';" + StreamMetadata.NO_INPUT_ICY_FIELD);
        assertThat(payload(IcyMetadataBlock.forMetadata(noInput.next("Back", "")), UTF8))
                .isEqualTo("StreamTitle='Back';");
    }

    @Test
    void utf8IsTheDefaultAndUnmappableCharactersBecomeQuestionMarks() {
        assertThat(payload(IcyMetadataBlock.forMetadata(meta("Café 日本", "")), UTF8))
                .isEqualTo("StreamTitle='Café 日本';");
        assertThat(payload(IcyMetadataBlock.encode(meta("Café 日本 🎵", ""), LATIN1), LATIN1))
                .isEqualTo("StreamTitle='Café ?? ?';");
    }

    @Test
    void urlIsAddedOnlyWhenPresent() {
        assertThat(payload(IcyMetadataBlock.encode(meta("T", "http://example.org/"), UTF8), UTF8))
                .isEqualTo("StreamTitle='T';StreamUrl='http://example.org/';");
        assertThat(payload(IcyMetadataBlock.encode(meta("T", ""), UTF8), UTF8))
                .isEqualTo("StreamTitle='T';");
    }

    @Test
    void titleIsSanitised() {
        String title = "Artist';StreamUrl='http://evil/';\r\n - \0Ti\ttle\u0085\u007F'\n;end";

        String payload = payload(IcyMetadataBlock.encode(meta(title, ""), UTF8), UTF8);

        assertThat(payload).isEqualTo("StreamTitle='Artist' ;StreamUrl='http://evil/' ; - Title' ;end';");
        assertThat(payload.indexOf("';")).isEqualTo(payload.length() - 2);
        assertThat(payload).doesNotContain("\r", "\n", "\0", "\t");
    }

    @Test
    void urlIsSanitisedLikeTheTitle() {
        assertThat(payload(IcyMetadataBlock.encode(meta("T", "http://a/';x\r\n"), UTF8), UTF8))
                .isEqualTo("StreamTitle='T';StreamUrl='http://a/' ;x';");
    }

    @Test
    void blockIsPaddedWithNulsToWholeUnits() {
        for (int length = 0; length < 40; length++) {
            byte[] block = bytes(IcyMetadataBlock.encode(meta("x".repeat(length), ""), UTF8));
            int payload = "StreamTitle='';".length() + length;

            assertThat(block[0] & 0xFF).isEqualTo((payload + 15) / 16);
            assertThat(block.length).isEqualTo(1 + (block[0] & 0xFF) * 16);
            for (int i = 1 + payload; i < block.length; i++) {
                assertThat(block[i]).isZero();
            }
        }
    }

    @Test
    void longAsciiTitleIsTruncatedToTheLimit() {
        byte[] block = bytes(IcyMetadataBlock.encode(meta("a".repeat(LONG), ""), UTF8));

        assertThat(block).hasSize(1 + IcyMetadataBlock.MAX_BLOCK_BYTES);
        assertThat(block[0] & 0xFF).isEqualTo(255);
        String payload = payload(block, UTF8);
        assertThat(payload).startsWith("StreamTitle='aaa").endsWith("aaa';");
        assertThat(payload).hasSize(IcyMetadataBlock.MAX_BLOCK_BYTES);
    }

    @Test
    void longMultiByteTitlesAreTruncatedOnCharacterBoundaries() throws CharacterCodingException {
        String[] units = {"é", "日", "🎵", "a🎵é日"};
        for (String unit : units) {
            String title = unit.repeat(LONG / unit.length());

            String decoded = strictTitle(IcyMetadataBlock.encode(meta(title, ""), UTF8));

            assertThat(title).startsWith(decoded);
            assertThat(decoded.length()).isGreaterThan(IcyMetadataBlock.MAX_BLOCK_BYTES / 4 - 16);
            assertThat(Character.isHighSurrogate(decoded.charAt(decoded.length() - 1))).isFalse();
        }
    }

    @Test
    void randomMultiByteTitlesStayValidUtf8WithinTheLimit() throws CharacterCodingException {
        Random random = new Random(42);
        int[] codePoints = {'a', 'é', 'ß', '日', 0x1F3B5, 0x1F600, '\'', ';'};
        for (int round = 0; round < 50; round++) {
            StringBuilder title = new StringBuilder();
            int length = 1_000 + random.nextInt(LONG);
            for (int i = 0; i < length; i++) {
                title.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
            }

            ByteBuf block = IcyMetadataBlock.encode(meta(title.toString(), ""), UTF8);

            assertThat(block.readableBytes() - 1).isLessThanOrEqualTo(IcyMetadataBlock.MAX_BLOCK_BYTES);
            assertThat(strictTitle(block)).doesNotContain("';");
        }
    }

    @Test
    void longTitleMakesRoomForTheUrlAndAnOverlongUrlIsTruncatedToo() {
        String url = "http://example.org/";
        String payload = payload(IcyMetadataBlock.encode(meta("t".repeat(LONG), url), UTF8), UTF8);
        assertThat(payload).hasSize(IcyMetadataBlock.MAX_BLOCK_BYTES).endsWith("';StreamUrl='" + url + "';");

        String longUrl = payload(IcyMetadataBlock.encode(meta("t", "u".repeat(LONG)), UTF8), UTF8);
        assertThat(longUrl).hasSize(IcyMetadataBlock.MAX_BLOCK_BYTES).startsWith("StreamTitle='';StreamUrl='uuu");
    }

    @Test
    void forMetadataEncodesOncePerMetadata() {
        StreamMetadata metadata = meta("Cached", "");

        ByteBuf first = IcyMetadataBlock.forMetadata(metadata);

        assertThat(IcyMetadataBlock.forMetadata(metadata)).isSameAs(first);
        assertThat(IcyMetadataBlock.forMetadata(metadata, UTF8)).isSameAs(first);
    }

    @Test
    void otherCharsetThanTheCachedOneIsStillEncodedCorrectly() {
        StreamMetadata metadata = meta("Café", "");
        IcyMetadataBlock.forMetadata(metadata, UTF8);

        assertThat(bytes(IcyMetadataBlock.forMetadata(metadata, LATIN1)))
                .isEqualTo(bytes(IcyMetadataBlock.encode(metadata, LATIN1)))
                .contains(0xE9);
    }

    @Test
    void blocksAreSharedReadOnlyAndNeverReleased() {
        ByteBuf block = IcyMetadataBlock.forMetadata(meta("Shared", ""));
        int refCnt = block.refCnt();

        assertThat(block.isReadOnly()).isTrue();
        assertThat(block.release()).isFalse();
        assertThat(block.duplicate().release()).isFalse();
        assertThat(block.refCnt()).isEqualTo(refCnt);
        assertThatCode(() -> block.duplicate().readByte()).doesNotThrowAnyException();
        assertThat(block.readerIndex()).isZero();
    }

    @Test
    void emptyBlockIsOneZeroByte() {
        assertThat(bytes(IcyMetadataBlock.EMPTY_BLOCK)).containsExactly(0);
        assertThat(IcyMetadataBlock.EMPTY_BLOCK.isReadOnly()).isTrue();
        assertThat(IcyMetadataBlock.EMPTY_BLOCK.release()).isFalse();
    }

    private static StreamMetadata meta(String title, String url) {
        return new StreamMetadata(1, title, url);
    }

    private static byte[] bytes(ByteBuf block) {
        return ByteBufUtil.getBytes(block);
    }

    /** The block's text without the length byte and the NUL padding. */
    private static String payload(ByteBuf block, Charset charset) {
        return payload(bytes(block), charset);
    }

    private static String payload(byte[] block, Charset charset) {
        assertThat(block.length - 1).isEqualTo((block[0] & 0xFF) * 16);
        int end = block.length;
        while (end > 1 && block[end - 1] == 0) {
            end--;
        }
        return new String(block, 1, end - 1, charset);
    }

    /** Decodes the title with a decoder that rejects any broken UTF-8 sequence. */
    private static String strictTitle(ByteBuf block) throws CharacterCodingException {
        byte[] bytes = bytes(block);
        int end = bytes.length;
        while (bytes[end - 1] == 0) {
            end--;
        }
        String payload = UTF8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 1, end - 1))
                .toString();
        assertThat(payload).startsWith("StreamTitle='").endsWith("';");
        return payload.substring("StreamTitle='".length(), payload.length() - 2);
    }

    private static byte[] block(int units, String text, Charset charset) {
        byte[] block = new byte[1 + units * 16];
        block[0] = (byte) units;
        byte[] encoded = text.getBytes(charset);
        System.arraycopy(encoded, 0, block, 1, encoded.length);
        return block;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = IcyMetadataBlockTest.class.getResourceAsStream("/icy/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
