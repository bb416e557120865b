package org.airwave.serve.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.SourceClaim;
import org.airwave.serve.web.CaptureStations;
import org.airwave.serve.web.FakeListener;
import org.airwave.serve.web.WebResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /api/v1/events} stream on an embedded channel with a frozen clock: the whole status
 * first, then {@code title} and {@code listeners} events as the mounts change, a new {@code status}
 * when a mount goes on or off air, keep-alives when nothing happens, nothing while the client does
 * not read, and a bounded number of streams.
 */
class EventStreamHandlerTest {

    private final CaptureStations stations = new CaptureStations();
    private final EventStreamSlots slots = new EventStreamSlots(2);
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void statusFirstThenTitleAndListenerChanges() {
        stations.putSource();
        channel = open();
        String head = read();
        assertThat(head).startsWith("HTTP/1.0 200 OK\r\n").contains("Content-Type: text/event-stream; charset=utf-8\r\n")
                .contains("Cache-Control: no-cache, no-store\r\n");
        String first = head.substring(head.indexOf("\r\n\r\n") + 4);
        assertThat(first).startsWith("retry: 3000\n\nevent: status\ndata: {\"server\":").endsWith("}\n\n")
                .contains("\"path\":\"/live\"");
        assertThat(slots.open()).isEqualTo(1);

        stations.title("/live", "Next Song");
        FakeListener.join(1, stations.mounts().mount("/live"), CaptureStations.CAPTURED);
        tick();
        assertThat(read()).isEqualTo("event: title\ndata: {\"mount\":\"/live\",\"title\":\"Next Song\"}\n\n"
                + "event: listeners\ndata: {\"mount\":\"/live\",\"listeners\":1,\"peak\":1,"
                + "\"renditions\":[{\"path\":\"/live\",\"listeners\":1}]}\n\n");

        tick();
        assertThat(read()).as("nothing changed").isEmpty();

        stations.oggSource();
        tick();
        assertThat(read()).startsWith("event: status\ndata: {").contains("\"path\":\"/live2.ogg\"");
    }

    @Test
    void headGetsTheResponseHeadOnly() {
        var directory = stations.directory();
        channel = new EmbeddedChannel(new HttpResponseEncoder(),
                new EventStreamHandler(directory, slots, new WebResponses(directory.clock())));
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/api/v1/events"));
        assertThat(read()).startsWith("HTTP/1.0 200 OK\r\n").contains("text/event-stream").endsWith("\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(slots.open()).isZero();
    }

    @Test
    void quietStreamGetsKeepAlives() {
        channel = open();
        read();
        for (int i = 0; i < EventStreamHandler.HEARTBEAT_POLLS; i++) {
            tick();
        }
        assertThat(read()).isEqualTo(": keep-alive\n\n");
    }

    @Test
    void closingTheStreamFreesItsSlotAndStopsPolling() {
        channel = open();
        read();
        channel.close();
        assertThat(slots.open()).isZero();
        stations.putSource();
        tick();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void streamsBeyondTheLimitAreRefused() {
        EmbeddedChannel first = open();
        EmbeddedChannel second = open();
        channel = open();
        assertThat(read()).startsWith("HTTP/1.0 503 Service Unavailable").contains("Too many event streams (2)");
        assertThat(channel.isOpen()).isFalse();
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
        assertThat(slots.open()).isZero();
    }

    @Test
    void aClientThatReadsNothingIsDisconnected() {
        SourceClaim claim = stations.putSource();
        channel = open();
        read();
        channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
        channel.unsafe().outboundBuffer().addMessage(channel.alloc().buffer(8).writeZero(8), 8, channel.newPromise());
        assertThat(channel.isWritable()).isFalse();
        for (int i = 0; i <= EventStreamHandler.MAX_STALLED_POLLS; i++) {
            stations.title("/live", "title " + i);
            tick();
        }
        assertThat(channel.isOpen()).isFalse();
        assertThat(slots.open()).isZero();
        claim.release();
    }

    private EmbeddedChannel open() {
        var directory = stations.directory();
        EmbeddedChannel embedded = new EmbeddedChannel(new HttpResponseEncoder(),
                new EventStreamHandler(directory, slots, new WebResponses(directory.clock())));
        embedded.freezeTime();
        embedded.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/v1/events"));
        return embedded;
    }

    private void tick() {
        channel.advanceTimeBy(EventStreamHandler.POLL_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private String read() {
        StringBuilder text = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) out;
            text.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return text.toString();
    }
}
