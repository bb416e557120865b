package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The source queue's contract with the network side: ownership, back-pressure, end and discard. */
class SourceFeedTest {

    static final int LIMIT = 4096;

    private final AtomicInteger resumes = new AtomicInteger();
    private final SourceFeed feed = new SourceFeed("audio/mpeg", LIMIT, resumes::incrementAndGet);
    private final List<ByteBuf> offered = new ArrayList<>();

    @AfterEach
    void everyOfferedBufferIsReleasedOnce() {
        feed.discard();
        assertThat(offered).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Test
    void refusesOnceTheLimitIsQueuedAndResumesWhenHalfDrained() throws InterruptedException {
        assertThat(feed.offer(bytes(1500))).isTrue();
        assertThat(feed.offer(bytes(1500))).isTrue();
        assertThat(feed.offer(bytes(LIMIT - 3000))).as("limit reached").isFalse();
        assertThat(feed.queuedBytes()).isEqualTo(LIMIT);

        feed.take().release();
        assertThat(resumes).as("still above half").hasValue(0);
        feed.take().release();
        assertThat(resumes).hasValue(1);
        feed.take().release();
        assertThat(resumes).as("resumed once").hasValue(1);
        assertThat(feed.queuedBytes()).isZero();
    }

    @Test
    void dropsAndCountsBytesOfferedPastTwiceTheLimit() {
        feed.offer(bytes(LIMIT));
        feed.offer(bytes(LIMIT));
        assertThat(feed.offer(bytes(100))).isFalse();
        assertThat(feed.droppedBytes()).isEqualTo(100);
        assertThat(feed.queuedBytes()).isEqualTo(2 * LIMIT);
    }

    @Test
    void endedFeedIsReadToTheEndThenReportsItsEnd() throws InterruptedException {
        feed.offer(bytes(10));
        feed.end();
        assertThat(feed.offer(bytes(5))).as("bytes after the end are refused").isFalse();
        ByteBuf last = feed.take();
        assertThat(last.readableBytes()).isEqualTo(10);
        last.release();
        assertThat(feed.take()).isNull();
        assertThat(feed.isExhausted()).isTrue();
    }

    @Test
    void discardDropsWhatIsQueued() throws InterruptedException {
        feed.offer(bytes(10));
        feed.discard();
        assertThat(feed.queuedBytes()).isZero();
        assertThat(feed.take()).isNull();
    }

    private ByteBuf bytes(int length) {
        ByteBuf buf = Unpooled.buffer(length).writeZero(length);
        offered.add(buf);
        return buf;
    }
}
