package org.airwave.serve.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.ServeSettings;
import org.airwave.testing.TrackedAllocator;

/**
 * Fuzz target for the listener port's path resolution: a GET with a fuzzed request target through
 * {@link ListenerRequestHandler}, which decodes the path, reads playlist names and mount rules and
 * resolves a {@link StreamTarget} among real mounts ({@code /live} with renditions {@code 128} and
 * {@code 64}, {@code /live/deep} nested in it, {@code /idle} without a source). The target is a
 * string as the request head decoder lets it through (raw bytes as ISO-8859-1 characters, no
 * control characters, no space).
 *
 * <p>Invariants: no exception escapes; every request is answered with a response head or the
 * connection is closed; every buffer is released.
 */
class ListenerRequestFuzzTest {

    private static final BufferLimits LIMITS = new BufferLimits(2_000_000, 1 << 16, 500_000, 64);
    private static final ServeSettings SETTINGS = new ServeSettings(16000, StandardCharsets.UTF_8, LagPolicy.SKIP,
            100, "localhost:8000", Duration.ofMillis(100), 0);

    @FuzzTest
    void listenerPath(byte[] raw) {
        String uri = new String(raw, StandardCharsets.ISO_8859_1);
        if (uri.isEmpty() || uri.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return;
        }
        MountRegistry mounts = new MountRegistry();
        mounts.mount("/live").transcodeWith(new Transcoding(List.of(
                new Rendition("128", 128, 44100, 2, new BroadcastBuffer(LIMITS)),
                new Rendition("64", 64, 44100, 2, new BroadcastBuffer(LIMITS))), "128", true, (type, resume) -> null));
        mounts.mount("/live/deep");
        mounts.mount("/idle");
        ChannelGroup connections = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
        TrackedAllocator allocator = new TrackedAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new HttpResponseEncoder(), new ListenerRequestHandler(mounts, SETTINGS, connections));

        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                new DefaultHttpHeaders(false)));

        ByteBuf answer = channel.readOutbound();
        assertThat(answer != null || !channel.isOpen()).as("answered or closed: %s", uri).isTrue();
        if (answer != null) {
            String statusLine = answer.toString(StandardCharsets.ISO_8859_1);
            answer.release();
            assertThat(statusLine).as("answer to %s", uri).startsWith("HTTP/1.");
        }
        channel.finishAndReleaseAll();
        allocator.assertAllReleased();
    }
}
