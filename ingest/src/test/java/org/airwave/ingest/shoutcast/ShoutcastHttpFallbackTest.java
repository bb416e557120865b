package org.airwave.ingest.shoutcast;

import static org.airwave.ingest.IngestTestKit.bytes;
import static org.airwave.ingest.IngestTestKit.outboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.airwave.core.mount.MountRegistry;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAdmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On port+1 an HTTP request line longer than {@code limits.max-login-line-bytes} that arrives in
 * several reads still goes to the HTTP fallback: a libshout/ezstream {@code /admin.cgi} title
 * update with a long non-ASCII title (each char escaped to 6 bytes) exceeds 1024 bytes and is split
 * across TCP segments, and must not be refused as a bad SHOUTcast password.
 */
class ShoutcastHttpFallbackTest {

    private static final int TYPICAL_MSS = 1448;

    private final List<ChannelPipeline> fallbacks = new ArrayList<>();
    private final List<Object> received = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
        received.forEach(ReferenceCountUtil::release);
    }

    @Test
    void longAdminCgiRequestLineSplitAcrossTcpSegmentsFallsBackToHttp() {
        SourceAdmission admission = new SourceAdmission(new MountRegistry(), IngestTestKit.settings());
        channel.pipeline()
                .addLast("shoutcast", new ShoutcastSourceDecoder(admission, new IngestTestKit.TestAccess(),
                        this::httpFallback))
                .addLast("http-encoder", new HttpResponseEncoder());
        byte[] request = bytes("GET /admin.cgi?mode=updinfo&pass=hackme&charset=UTF%2d8&artist=A&title="
                + "%c3%84".repeat(300) + " HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n"
                + "User-Agent: libshout/2.4.6 (Mozilla compatible)\r\n\r\n");

        channel.writeInbound(Unpooled.copiedBuffer(request, 0, TYPICAL_MSS));
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.copiedBuffer(request, TYPICAL_MSS, request.length - TYPICAL_MSS));
        }

        assertThat(outboundText(channel)).as("answered as a SHOUTcast login").doesNotContain("invalid password");
        assertThat(fallbacks).as("HTTP fallback installed").hasSize(1);
        assertThat(receivedBytes()).isEqualTo(request);
    }

    private void httpFallback(ChannelPipeline pipeline) {
        fallbacks.add(pipeline);
        pipeline.addAfter("shoutcast", "capture", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                received.add(msg);
            }
        });
    }

    private byte[] receivedBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg : received) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] copy = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), copy);
            out.writeBytes(copy);
        }
        return out.toByteArray();
    }
}
