package org.airwave.serve.icy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.airwave.core.stream.StreamMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IcyInterleaverTest {

    private static final int METAINT = 16_000;
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    /** Everything the interleaver handed out; released after each test. */
    private final List<ByteBuf> sent = new ArrayList<>();
    private final IcyInterleaver.Sink sink = sent::add;

    @AfterEach
    void releaseSent() {
        sent.forEach(ByteBuf::release);
    }

    static Stream<Arguments> chunkings() {
        Random random = new Random(7);
        return Stream.of(
                Arguments.of("1 byte", 33_000, (IntUnaryOperator) i -> 1),
                Arguments.of("7 bytes", 50_000, (IntUnaryOperator) i -> 7),
                Arguments.of("15999 bytes", 200_000, (IntUnaryOperator) i -> 15_999),
                Arguments.of("16000 bytes", 200_000, (IntUnaryOperator) i -> 16_000),
                Arguments.of("16001 bytes", 200_000, (IntUnaryOperator) i -> 16_001),
                Arguments.of("40000 bytes", 200_000, (IntUnaryOperator) i -> 40_000),
                Arguments.of("random", 200_000, (IntUnaryOperator) i -> 1 + random.nextInt(50_000)),
                Arguments.of("random small", 60_000, (IntUnaryOperator) i -> 1 + random.nextInt(700)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void streamParsesBackToTheAudioWithTitlesAtTheRightPlaces(String name, int total, IntUnaryOperator chunkSize) {
        byte[] audio = randomAudio(total);
        StreamMetadata first = StreamMetadata.EMPTY.next("First", "");
        StreamMetadata second = first.next("Second';\r\n", "");
        List<StreamMetadata> updates = List.of(first, second, second.next("Third é 🎵", "http://example.org/"));
        int[] updateAt = {total / 5, total / 5 + 500, total * 3 / 5};
        StreamMetadata[] metadataAt = new StreamMetadata[total];
        IcyInterleaver icy = new IcyInterleaver(METAINT, UTF8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        IcyInterleaver.Sink socket = buf -> {
            wire.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        };

        int offset = 0;
        StreamMetadata current = StreamMetadata.EMPTY;
        for (int chunk = 0; offset < total; chunk++) {
            int length = Math.min(chunkSize.applyAsInt(chunk), total - offset);
            for (int u = 0; u < updateAt.length; u++) {
                if (updateAt[u] <= offset) {
                    current = updates.get(u);
                }
            }
            Arrays.fill(metadataAt, offset, offset + length, current);
            ByteBuf data = pooledCopy(audio, offset, length);
            icy.write(data, current, socket);
            assertThat(data.refCnt()).isEqualTo(1);
            data.release();
            offset += length;
        }

        ParsedStream parsed = ParsedStream.parse(wire.toByteArray(), METAINT);
        assertThat(parsed.audio()).isEqualTo(audio);
        assertThat(parsed.blocks()).hasSize(total / METAINT);
        StreamMetadata previous = null;
        for (int k = 0; k < parsed.blocks().size(); k++) {
            Block block = parsed.blocks().get(k);
            StreamMetadata expected = metadataAt[block.audioPosition() - 1];
            assertThat(block.audioPosition()).isEqualTo((k + 1) * METAINT);
            assertThat(block.full()).as("block %d full", k).isEqualTo(expected != previous);
            assertThat(block.title()).as("block %d title", k).isEqualTo(expectedTitle(expected));
            previous = expected;
        }
        assertThat(parsed.blocks()).extracting(Block::title).contains("Third é 🎵");
        assertThat(parsed.blocks().stream().map(Block::title).distinct().count()).isGreaterThan(1);
    }

    @Test
    void blockFollowsExactlyMetaintBytesAndCarriesTheMetadataOfTheAudioBeforeIt() {
        IcyInterleaver icy = new IcyInterleaver(16, UTF8);
        StreamMetadata a = StreamMetadata.EMPTY.next("A", "");
        StreamMetadata b = a.next("B", "");

        write(icy, 8, StreamMetadata.EMPTY);
        write(icy, 8, StreamMetadata.EMPTY);
        assertThat(sizes()).containsExactly(8, 8, 17);
        write(icy, 8, a);
        write(icy, 8, a);
        write(icy, 12, b);
        assertThat(sizes()).containsExactly(8, 8, 17, 8, 8, 17, 12);
        write(icy, 12, b);
        write(icy, 8, b);
        assertThat(sizes()).containsExactly(8, 8, 17, 8, 8, 17, 12, 4, 17, 8, 8, 1);

        ParsedStream parsed = ParsedStream.parse(received(), 16);
        assertThat(parsed.blocks()).extracting(Block::title).containsExactly("", "A", "B", "B");
        assertThat(parsed.blocks()).extracting(Block::full).containsExactly(true, true, true, false);
    }

    @Test
    void newListenerSeesTheCurrentTitleFirstThoughItsBurstIsOlderAndNeverGoesBack() {
        IcyInterleaver icy = new IcyInterleaver(10, UTF8);
        StreamMetadata old = StreamMetadata.EMPTY.next("Old", "");
        StreamMetadata current = old.next("Current", "");
        icy.startWith(current);

        write(icy, 15, old);
        write(icy, 10, current);

        ParsedStream parsed = ParsedStream.parse(received(), 10);
        assertThat(parsed.blocks()).extracting(Block::title).containsExactly("Current", "Current");
        assertThat(parsed.blocks()).extracting(Block::full).containsExactly(true, false);
    }

    @Test
    void titleChangeAppearsAtTheFirstBlockAfterTheChunkCarryingIt() {
        IcyInterleaver icy = new IcyInterleaver(10, UTF8);
        StreamMetadata song = StreamMetadata.EMPTY.next("Song", "");

        write(icy, 25, StreamMetadata.EMPTY);
        write(icy, 3, song);
        write(icy, 3, song);

        ParsedStream parsed = ParsedStream.parse(received(), 10);
        assertThat(parsed.blocks()).extracting(Block::audioPosition).containsExactly(10, 20, 30);
        assertThat(parsed.blocks()).extracting(Block::title).containsExactly("", "", "Song");
        assertThat(parsed.blocks()).extracting(Block::full).containsExactly(true, false, true);
    }

    @Test
    void newListenerGetsTheCurrentTitleInItsFirstBlock() {
        StreamMetadata song = StreamMetadata.EMPTY.next("Already playing", "");
        IcyInterleaver early = new IcyInterleaver(10, UTF8);
        write(early, 10, song);
        IcyInterleaver late = new IcyInterleaver(10, UTF8);
        write(late, 10, song);
        write(late, 10, song);

        assertThat(sizes()).containsExactly(10, 33, 10, 33, 10, 1);
    }

    @Test
    void audioIsSlicedNotCopiedAndTheChunkGetsAllItsReferencesBack() {
        IcyInterleaver icy = new IcyInterleaver(16, UTF8);
        ByteBuf chunk = pooledCopy(randomAudio(50), 0, 50);
        chunk.readerIndex(3);

        icy.write(chunk, StreamMetadata.EMPTY, sink);

        assertThat(chunk.readerIndex()).isEqualTo(3);
        assertThat(sizes()).containsExactly(16, 17, 16, 1, 15);
        List<ByteBuf> slices = sent.stream().filter(buf -> isViewOf(buf, chunk)).toList();
        assertThat(slices).hasSize(3);
        assertThat(chunk.refCnt()).isEqualTo(1 + slices.size());
        assertThat(ByteBufUtil.getBytes(slices.get(0))).isEqualTo(ByteBufUtil.getBytes(chunk, 3, 16));
        releaseAndClear();
        assertThat(chunk.refCnt()).isEqualTo(1);
        chunk.release();
        assertThat(chunk.refCnt()).isZero();
    }

    @Test
    void metadataBlocksAreDuplicatesOfTheSharedBlock() {
        IcyInterleaver icy = new IcyInterleaver(4, UTF8);
        StreamMetadata song = StreamMetadata.EMPTY.next("Shared", "");
        ByteBuf shared = IcyMetadataBlock.forMetadata(song);

        write(icy, 4, song);

        ByteBuf block = sent.get(1);
        assertThat(block).isNotSameAs(shared);
        block.skipBytes(block.readableBytes());
        assertThat(shared.readerIndex()).isZero();
        assertThat(ByteBufUtil.getBytes(shared)).isEqualTo(ByteBufUtil.getBytes(block, 0, block.writerIndex()));
    }

    @Test
    void configuredCharsetIsUsedForTitles() {
        IcyInterleaver icy = new IcyInterleaver(4, StandardCharsets.ISO_8859_1);

        write(icy, 4, StreamMetadata.EMPTY.next("Café", ""));

        assertThat(ByteBufUtil.getBytes(sent.get(1))).contains(0xE9).doesNotContain(0xC3);
    }

    @Test
    void metaintZeroPassesOneRetainedDuplicate() {
        IcyInterleaver icy = new IcyInterleaver(0, UTF8);
        ByteBuf chunk = pooledCopy(randomAudio(40_000), 0, 40_000);

        icy.write(chunk, StreamMetadata.EMPTY.next("ignored", ""), sink);

        assertThat(sent).hasSize(1);
        assertThat(ByteBufUtil.getBytes(sent.get(0))).isEqualTo(ByteBufUtil.getBytes(chunk));
        assertThat(chunk.refCnt()).isEqualTo(2);
        releaseAndClear();
        assertThat(chunk.refCnt()).isEqualTo(1);
        chunk.release();
    }

    @Test
    void emptyChunkSendsNothing() {
        IcyInterleaver icy = new IcyInterleaver(4, UTF8);
        ByteBuf empty = PooledByteBufAllocator.DEFAULT.directBuffer(0);

        icy.write(empty, StreamMetadata.EMPTY, sink);

        assertThat(sent).isEmpty();
        empty.release();
    }

    @Test
    void negativeMetaintIsRejected() {
        assertThatThrownBy(() -> new IcyInterleaver(-1, UTF8)).isInstanceOf(IllegalArgumentException.class);
    }

    private void write(IcyInterleaver icy, int length, StreamMetadata metadata) {
        ByteBuf data = pooledCopy(randomAudio(length), 0, length);
        icy.write(data, metadata, sink);
        data.release();
    }

    private List<Integer> sizes() {
        return sent.stream().map(ByteBuf::readableBytes).toList();
    }

    /** The byte stream a listener would receive. */
    private byte[] received() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf : sent) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
        }
        return out.toByteArray();
    }

    private void releaseAndClear() {
        sent.forEach(ByteBuf::release);
        sent.clear();
    }

    private static boolean isViewOf(ByteBuf view, ByteBuf chunk) {
        for (ByteBuf b = view; b != null; b = b.unwrap()) {
            if (b == chunk || b == chunk.unwrap()) {
                return true;
            }
        }
        return false;
    }

    private static String expectedTitle(StreamMetadata metadata) {
        return metadata.title().replaceAll("\\p{Cntrl}", "").replace("';", "' ;");
    }

    private static byte[] randomAudio(int length) {
        byte[] audio = new byte[length];
        new Random(length).nextBytes(audio);
        return audio;
    }

    private static ByteBuf pooledCopy(byte[] audio, int offset, int length) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(audio, offset, length);
    }

    /** A metadata block as a listener parses it: where it came, whether it was full, the title then. */
    record Block(int audioPosition, boolean full, String title) {
    }

    /** A minimal ICY client: separates audio from metadata blocks and tracks the current title. */
    record ParsedStream(byte[] audio, List<Block> blocks) {

        static ParsedStream parse(byte[] stream, int metaint) {
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            List<Block> blocks = new ArrayList<>();
            String title = null;
            int at = 0;
            while (at < stream.length) {
                int length = Math.min(metaint, stream.length - at);
                audio.write(stream, at, length);
                at += length;
                if (length < metaint) {
                    break;
                }
                assertThat(at).as("metadata block after %d audio bytes", audio.size()).isLessThan(stream.length);
                int blockLength = (stream[at] & 0xFF) * 16;
                at++;
                if (blockLength > 0) {
                    assertThat(at + blockLength).isLessThanOrEqualTo(stream.length);
                    title = titleOf(new String(stream, at, blockLength, UTF8));
                    at += blockLength;
                }
                assertThat(title).as("first block carries a title").isNotNull();
                blocks.add(new Block(audio.size(), blockLength > 0, title));
            }
            return new ParsedStream(audio.toByteArray(), blocks);
        }

        /** The value between {@code StreamTitle='} and the first {@code ';}, as clients read it. */
        private static String titleOf(String text) {
            String key = "StreamTitle='";
            assertThat(text).startsWith(key);
            return text.substring(key.length(), text.indexOf("';", key.length()));
        }
    }
}
