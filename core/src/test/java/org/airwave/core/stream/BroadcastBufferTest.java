package org.airwave.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastBufferTest {

    private static final long CHUNK_MICROS = 100_000;
    private static final BufferLimits LIMITS = new BufferLimits(2_000_000, 1 << 20, 500_000, 64);

    private final List<ByteBuf> appended = new ArrayList<>();
    private final AtomicInteger wakeups = new AtomicInteger();
    private final BroadcastBuffer.Reader reader = wakeups::incrementAndGet;
    private BroadcastBuffer buffer = new BroadcastBuffer(LIMITS);

    @AfterEach
    void endAndCheckEveryChunkReleased() {
        buffer.unsubscribe(reader);
        buffer.end();
        for (ByteBuf data : appended) {
            assertThat(data.refCnt()).as("chunk data released").isZero();
        }
    }

    @Test
    void newListenerStartsAtTheBurstPointOnAChunkBoundary() {
        appendChunks(20);
        ListenerCursor cursor = buffer.subscribe(reader);
        List<Long> sequences = drain(cursor);
        // 0.5 s burst of 0.1 s chunks: the newest chunk with at least 0.5 s after its start.
        assertThat(sequences).containsExactly(15L, 16L, 17L, 18L, 19L);
    }

    @Test
    void listenerOfAYoungStreamGetsEverything() {
        appendChunks(3);
        assertThat(drain(buffer.subscribe(reader))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void readersAreWokenOnEveryAppend() {
        buffer.subscribe(reader);
        appendChunks(4);
        assertThat(wakeups).hasValue(4);
    }

    @Test
    void windowEvictsChunksOlderThanItsDurationAndReleasesThem() {
        appendChunks(50);
        assertThat(buffer.head()).isEqualTo(50);
        // 2 s window of 0.1 s chunks: 20 chunks (plus the one straddling the edge) stay.
        assertThat(buffer.head() - buffer.tail()).isBetween(20L, 21L);
        for (int i = 0; i < buffer.tail(); i++) {
            assertThat(appended.get(i).refCnt()).isZero();
        }
        assertThat(appended.get(49).refCnt()).isEqualTo(1);
    }

    @Test
    void byteCapEvictsWhateverTheDuration() {
        buffer = new BroadcastBuffer(new BufferLimits(60_000_000, 10_000, 500_000, 64));
        for (int i = 0; i < 10; i++) {
            append(4000, CHUNK_MICROS);
        }
        assertThat(buffer.head() - buffer.tail()).isEqualTo(2);
    }

    @Test
    void slowListenerIsDetectedAsLaggingAndSkipsToTheBurstPoint() {
        appendChunks(5);
        ListenerCursor cursor = buffer.subscribe(reader);
        Chunk first = cursor.next();
        first.release();
        appendChunks(40);
        assertThat(cursor.next()).isNull();
        assertThat(cursor.isLagging()).isTrue();
        cursor.skipToBurstPoint();
        assertThat(cursor.isLagging()).isFalse();
        assertThat(drain(cursor)).first().isEqualTo(buffer.burstPoint());
    }

    @Test
    void chunkStillBeingWrittenSurvivesEviction() {
        appendChunks(5);
        ListenerCursor cursor = buffer.subscribe(reader);
        Chunk held = cursor.next();
        appendChunks(40);
        assertThat(held.data().refCnt()).isEqualTo(1);
        assertThat(held.tryRetain()).isTrue();
        held.release();
        held.release();
        assertThat(held.data().refCnt()).isZero();
        assertThat(held.tryRetain()).isFalse();
    }

    @Test
    void endedStreamIsDrainedThenReportedAtEnd() {
        ListenerCursor cursor = buffer.subscribe(reader);
        appendChunks(3);
        buffer.end();
        assertThat(cursor.isAtEnd()).isFalse();
        assertThat(drain(cursor)).hasSize(3);
        assertThat(cursor.isAtEnd()).isTrue();
    }

    @Test
    void listenerArrivingJustAfterTheStreamEndedIsAtEndNotLagging() {
        appendChunks(30);
        buffer.end();
        ListenerCursor late = buffer.subscribe(reader);
        assertThat(late.next()).isNull();
        assertThat(late.isAtEnd()).isTrue();
        late.skipToBurstPoint();
        assertThat(late.next()).isNull();
        assertThat(late.isAtEnd()).isTrue();
    }

    @Test
    void appendAfterEndIsRefusedAndReleasesTheData() {
        buffer.end();
        ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer(10).writeZero(10);
        assertThatThrownBy(() -> buffer.append(data, 1, StreamMetadata.EMPTY, false))
                .isInstanceOf(IllegalStateException.class);
        assertThat(data.refCnt()).isZero();
    }

    @Test
    void streamHeaderIsSentFirstWhenTheBurstNoLongerContainsIt() {
        ByteBuf header = PooledByteBufAllocator.DEFAULT.buffer(8).writeZero(8);
        appended.add(header);
        buffer.append(header, 0, StreamMetadata.EMPTY, true);
        appendChunks(30);
        ListenerCursor cursor = buffer.subscribe(reader);
        Chunk first = cursor.next();
        assertThat(first.isStreamHeader()).isTrue();
        first.release();
        List<Long> rest = drain(cursor);
        assertThat(rest).first().isEqualTo(buffer.burstPoint());
    }

    @Test
    void streamHeaderIsNotDuplicatedForAListenerWhoseBurstContainsIt() {
        ByteBuf header = PooledByteBufAllocator.DEFAULT.buffer(8).writeZero(8);
        appended.add(header);
        buffer.append(header, 0, StreamMetadata.EMPTY, true);
        appendChunks(2);
        assertThat(drain(buffer.subscribe(reader))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void chunksCarryTheMetadataTheyWereMadeWith() {
        StreamMetadata first = StreamMetadata.EMPTY.next("One", "");
        StreamMetadata second = first.next("Two", "");
        append(100, CHUNK_MICROS, first);
        append(100, CHUNK_MICROS, second);
        ListenerCursor cursor = buffer.subscribe(reader);
        Chunk a = cursor.next();
        Chunk b = cursor.next();
        assertThat(a.metadata().title()).isEqualTo("One");
        assertThat(b.metadata().title()).isEqualTo("Two");
        a.release();
        b.release();
    }

    @Test
    void aLateConsumerIsReplayedTheHeaderThenTheWindowOldestFirstUntilItRefuses() {
        ByteBuf header = PooledByteBufAllocator.DEFAULT.directBuffer(8).writeZero(8);
        appended.add(header);
        buffer.append(header, 0, StreamMetadata.EMPTY, true);
        for (int i = 0; i < 30; i++) {
            append(100 + i, CHUNK_MICROS);
        }
        List<Integer> lengths = new ArrayList<>();
        assertThat(buffer.replayWindow(data -> {
            lengths.add(data.readableBytes());
            data.release();
            return true;
        })).isTrue();
        int oldest = (int) buffer.tail() - 1;
        assertThat(lengths.get(0)).as("the header, evicted from the window, comes first").isEqualTo(8);
        assertThat(lengths.subList(1, lengths.size())).as("then the window, oldest first")
                .containsExactlyElementsOf(IntStream.range(oldest, 30).map(i -> 100 + i).boxed().toList());

        List<ByteBuf> taken = new ArrayList<>();
        assertThat(buffer.replayWindow(data -> taken.add(data) && taken.size() < 3)).isFalse();
        assertThat(taken).as("stops at the first refused, which was still handed over").hasSize(3);
        taken.forEach(ByteBuf::release);
    }

    private void appendChunks(int n) {
        for (int i = 0; i < n; i++) {
            append(100, CHUNK_MICROS);
        }
    }

    private void append(int bytes, long micros) {
        append(bytes, micros, StreamMetadata.EMPTY);
    }

    private void append(int bytes, long micros, StreamMetadata metadata) {
        ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(bytes).writeZero(bytes);
        appended.add(data);
        buffer.append(data, micros, metadata, false);
    }

    private static List<Long> drain(ListenerCursor cursor) {
        List<Long> sequences = new ArrayList<>();
        Chunk chunk;
        while ((chunk = cursor.next()) != null) {
            sequences.add(chunk.sequence());
            chunk.release();
        }
        return sequences;
    }
}
