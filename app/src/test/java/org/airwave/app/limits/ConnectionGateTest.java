package org.airwave.app.limits;

import static org.airwave.app.limits.ConnectionCountsTest.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.airwave.core.connection.ConnectionSlot;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;
import org.junit.jupiter.api.Test;

class ConnectionGateTest {

    private final ServerStats stats = new ServerStats();
    private final ConnectionCounts counts = new ConnectionCounts(new ConnectionLimits(2, 0, 3, TrustedAddresses.NONE));
    private final ConnectionGate gate = new ConnectionGate(counts, Protocol.HTTP, stats, new RefusalBursts(System::nanoTime));

    /** An accepted connection from {@code remote}: the gate first, the port's response encoder after it. */
    private EmbeddedChannel accept(InetSocketAddress remote) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, true, gate, new HttpResponseEncoder()) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        channel.register();
        return channel;
    }

    @Test
    void aConnectionOverThePendingHeadLimitGets429NamingTheKeyAndIsClosed() throws Exception {
        InetSocketAddress flooder = client("198.51.100.7");
        EmbeddedChannel first = accept(flooder);
        EmbeddedChannel second = accept(flooder);
        EmbeddedChannel third = accept(flooder);
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();
        assertThat(third.isOpen()).isFalse();
        assertThat(answer(third)).startsWith("HTTP/1.0 429 Too Many Requests")
                .contains("limits.max-pending-heads-per-address=2");
        assertThat(third.config().isAutoRead()).as("nothing read from a refused connection").isFalse();
        assertThat(stats.rejections(Protocol.HTTP, RejectReason.CONNECTION_LIMIT)).isEqualTo(1);
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void anAdmittedConnectionCarriesItsSlotUntilItCloses() throws Exception {
        EmbeddedChannel listener = accept(client("198.51.100.7"));
        assertThat(counts.total()).isEqualTo(1);
        ConnectionSlot.headReceived(listener);
        assertThat(counts.pendingHeads(client("198.51.100.7").getAddress())).isZero();
        listener.close();
        assertThat(counts.total()).isZero();
        assertThat(listener.hasAttr(ConnectionSlot.KEY) && listener.attr(ConnectionSlot.KEY).get() != null).isFalse();
    }

    @Test
    void aSlotHandedOverWithTheSocketIsNotReleasedByTheChannelClosing() throws Exception {
        EmbeddedChannel listener = accept(client("198.51.100.7"));
        ConnectionSlot slot = ConnectionSlot.handOver(listener);
        listener.close();
        assertThat(counts.total()).as("the stream that took the socket still holds it").isEqualTo(1);
        slot.release();
        assertThat(counts.total()).isZero();
    }

    @Test
    void overTheTotalEveryAddressGets503() throws Exception {
        for (int i = 1; i <= 3; i++) {
            accept(client("203.0.113." + i));
        }
        EmbeddedChannel fourth = accept(client("203.0.113.4"));
        assertThat(fourth.isOpen()).isFalse();
        assertThat(answer(fourth)).startsWith("HTTP/1.0 503 Service Unavailable").contains("limits.max-connections=3");
    }

    @Test
    void aBurstOfRefusalsFromOneAddressIsLoggedOnce() {
        AtomicLong now = new AtomicLong();
        RefusalBursts bursts = new RefusalBursts(now::get);
        InetSocketAddress flooder = client("198.51.100.7");
        assertThat(bursts.startsBurst(flooder.getAddress())).isTrue();
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            assertThat(bursts.startsBurst(flooder.getAddress())).isFalse();
        }
        assertThat(bursts.startsBurst(client("198.51.100.8").getAddress())).as("another address").isTrue();
        now.addAndGet(RefusalBursts.QUIET.toNanos() + 1);
        assertThat(bursts.startsBurst(flooder.getAddress())).as("a new burst after a quiet time").isTrue();
    }

    @Test
    void burstsRememberedAreBoundedAndForgottenOnceQuiet() {
        AtomicLong now = new AtomicLong();
        RefusalBursts bursts = new RefusalBursts(now::get);
        for (int i = 0; i < RefusalBursts.MAX_ADDRESSES; i++) {
            assertThat(bursts.startsBurst(client("10.1." + (i / 256) + "." + (i % 256)).getAddress())).isTrue();
        }
        assertThat(bursts.startsBurst(client("10.9.9.9").getAddress())).as("over the bound: counted, not logged").isFalse();
        now.addAndGet(RefusalBursts.QUIET.toNanos() + 1);
        assertThat(bursts.startsBurst(client("10.9.9.9").getAddress())).isTrue();
    }

    private static String answer(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) out;
            text.append(bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.release();
        }
        return text.toString();
    }
}
