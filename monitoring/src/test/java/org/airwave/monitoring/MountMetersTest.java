package org.airwave.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RelayStats;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stats.ListenerExit;
import org.airwave.core.stats.MountStats;
import org.airwave.core.stats.RejectReason;
import org.junit.jupiter.api.Test;

/** The mount and server meters read the components' own counters, for mounts made before and after binding. */
class MountMetersTest {

    private final MountRegistry mounts = new MountRegistry();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void meterValuesFollowTheMountsCounters() {
        mounts.mount("/before");
        new MountMeters(mounts).bindTo(registry);
        MountStats stats = mounts.mount("/after").stats();

        stats.listenerExited(ListenerExit.SLOW, 1500);
        stats.listenerExited(ListenerExit.CLIENT_LEFT, 500);
        stats.bytesSentTo("source").accept(4096);
        stats.firstByte(TimeUnit.MILLISECONDS.toNanos(20));
        stats.sourceConnected(Protocol.SHOUTCAST);
        stats.sourceDisconnected(Protocol.SHOUTCAST);
        stats.receivedFromSource(1000);
        stats.lagSkipped();
        mounts.mount("/after").updateMetadata("Artist - Title", "");

        assertThat(counter(AirwaveMeter.LISTENER_DISCONNECTS, "/after", "reason", "slow")).isEqualTo(1);
        assertThat(counter(AirwaveMeter.LISTENER_DISCONNECTS, "/after", "reason", "client_left")).isEqualTo(1);
        assertThat(counter(AirwaveMeter.LISTENER_DISCONNECTS, "/after", "reason", "kicked")).isZero();
        assertThat(counter(AirwaveMeter.LISTENER_BYTES, "/after")).isEqualTo(4096);
        assertThat(counter(AirwaveMeter.SOURCE_CONNECTS, "/after", "protocol", "shoutcast")).isEqualTo(1);
        assertThat(counter(AirwaveMeter.SOURCE_CONNECTS, "/after", "protocol", "icecast")).isZero();
        assertThat(counter(AirwaveMeter.SOURCE_DISCONNECTS, "/after", "protocol", "shoutcast")).isEqualTo(1);
        assertThat(counter(AirwaveMeter.SOURCE_BYTES, "/after")).isEqualTo(1000);
        assertThat(counter(AirwaveMeter.LISTENER_LAG_SKIPS, "/after")).isEqualTo(1);
        assertThat(counter(AirwaveMeter.METADATA_UPDATES, "/after")).isEqualTo(1);
        FunctionTimer sessions = registry.get(AirwaveMeter.LISTENER_SESSION.meterName()).tag("mount", "/after")
                .functionTimer();
        assertThat(sessions.count()).isEqualTo(2);
        assertThat(sessions.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        FunctionTimer firstByte = registry.get(AirwaveMeter.LISTENER_FIRST_BYTE.meterName()).tag("mount", "/after")
                .functionTimer();
        assertThat(firstByte.count()).isEqualTo(1);
        assertThat(firstByte.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get(AirwaveMeter.LISTENERS.meterName()).tag("mount", "/before").gauge().value()).isZero();
        assertThat(registry.get(AirwaveMeter.SOURCE_CONNECTED.meterName()).tag("mount", "/after")
                .tag("protocol", "shoutcast").gauge().value()).isZero();
        assertThat(counter(AirwaveMeter.LISTENER_BYTES, "/before")).as("mounts count separately").isZero();
    }

    @Test
    void everyMountAndServerMeterOfTheListIsRegisteredForAMount() {
        new MountMeters(mounts).bindTo(registry);
        new ServerMeters(mounts.stats()).bindTo(registry);
        mounts.mount("/live");
        for (AirwaveMeter meter : AirwaveMeter.values()) {
            if (meter.meterName().startsWith(TRANSCODER_METERS) || meter.meterName().startsWith(RELAY_METERS)) {
                continue;
            }
            assertThat(registry.find(meter.meterName()).meters()).as(meter.meterName()).isNotEmpty();
        }
    }

    /** Transcoder meters are bound per transcoder when it starts (TranscoderMeters), not per mount. */
    private static final String TRANSCODER_METERS = "airwave.transcoder.";
    /** Relay meters are bound per relay when it starts (RelayMeters). */
    private static final String RELAY_METERS = "airwave.relay.";

    @Test
    void rejectionsAreCountedByProtocolAndReason() {
        new ServerMeters(mounts.stats()).bindTo(registry);
        mounts.stats().rejected(Protocol.SHOUTCAST, RejectReason.AUTH);
        mounts.stats().rejected(Protocol.SHOUTCAST, RejectReason.AUTH);
        mounts.stats().rejected(Protocol.HTTP, RejectReason.NOT_FOUND);

        assertThat(rejections("shoutcast", "auth")).isEqualTo(2);
        assertThat(rejections("http", "not_found")).isEqualTo(1);
        assertThat(rejections("icecast", "auth")).isZero();
    }

    @Test
    void aMountThatEndsTakesEverySeriesOfItsPathWithIt() {
        List<Runnable> lingerChecks = new ArrayList<>();
        MountRegistry lingering = new MountRegistry(Duration.ofSeconds(3), (delay, check) -> lingerChecks.add(check));
        new MountMeters(lingering).bindTo(registry);
        lingering.mount("/live");
        new RelayMeters("/guest", new RelayStats()).bindTo(registry);
        SourceClaim guest = lingering.claim("/guest", SOURCE, LIMITS, InputPriority.LIVE).orElseThrow();
        guest.mount().stats().receivedFromSource(1000);
        assertThat(registry.find(AirwaveMeter.LISTENERS.meterName()).tag("mount", "/guest").meters()).hasSize(1);

        guest.release();
        lingerChecks.forEach(Runnable::run);
        assertThat(registry.getMeters()).as("no series of the ended mount, its relay's included")
                .noneMatch(meter -> "/guest".equals(meter.getId().getTag("mount")));
        assertThat(registry.find(AirwaveMeter.LISTENERS.meterName()).tag("mount", "/live").meters()).hasSize(1);

        lingering.claim("/guest", SOURCE, LIMITS, InputPriority.LIVE).orElseThrow();
        assertThat(counter(AirwaveMeter.SOURCE_BYTES, "/guest")).as("a new mount starts its series afresh").isZero();
        assertThat(counter(AirwaveMeter.SOURCE_CONNECTS, "/guest", "protocol", "icecast")).isEqualTo(1);
    }

    private static final BufferLimits LIMITS = new BufferLimits(20_000_000, 1 << 20, 2_000_000, 1024);
    private static final SourceInfo SOURCE = new SourceInfo(Protocol.ICECAST, "audio/mpeg", "", "", "", "", false, "", "",
            "", "test", Instant.now());

    private double counter(AirwaveMeter meter, String mount, String... tags) {
        return registry.get(meter.meterName()).tag("mount", mount).tags(tags).functionCounter().count();
    }

    private double rejections(String protocol, String reason) {
        FunctionCounter counter = registry.get(AirwaveMeter.REQUESTS_REJECTED.meterName())
                .tags("protocol", protocol, "reason", reason).functionCounter();
        return counter.count();
    }
}
