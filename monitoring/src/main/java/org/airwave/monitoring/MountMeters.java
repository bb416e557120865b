package org.airwave.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stats.ListenerExit;
import org.airwave.core.stats.MountStats;
import org.airwave.core.stats.Protocol;

/**
 * Meters over the counters every {@link Mount} keeps ({@link MountStats}, listener counts, the
 * live source): registered for each mount when it appears, tagged with its path, and removed with
 * every other meter of that tag when the mount ends. Nothing is counted twice: the meters read the
 * components' own counters. Their targets (the mount and its stats) are held by the mount registry
 * for as long as the meters exist (Micrometer holds them weakly).
 *
 * <p>Threading: {@link #bindTo} once; meters are read by the registry on scrape, from any thread.
 */
public final class MountMeters implements MeterBinder {

    private final MountRegistry mounts;

    public MountMeters(MountRegistry mounts) {
        this.mounts = mounts;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        mounts.onEveryMount(mount -> bind(mount, registry));
        mounts.onEveryEnd(mount -> remove(mount, registry));
    }

    private static void bind(Mount mount, MeterRegistry registry) {
        String path = mount.path();
        MountStats stats = mount.stats();
        gauge(registry, AirwaveMeter.LISTENERS, mount, Mount::listeners, path);
        gauge(registry, AirwaveMeter.LISTENER_PEAK, mount, Mount::listenerPeak, path);
        bindRendition(registry, mount, Transcoding.PASSTHROUGH);
        counter(registry, AirwaveMeter.LISTENER_CONNECTS, mount, Mount::listenerConnects, path, null);
        for (ListenerExit exit : ListenerExit.values()) {
            FunctionCounter.builder(AirwaveMeter.LISTENER_DISCONNECTS.meterName(), stats, s -> s.listenerExits(exit))
                    .description(AirwaveMeter.LISTENER_DISCONNECTS.description())
                    .tags("mount", path, "reason", exit.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        FunctionTimer.builder(AirwaveMeter.LISTENER_SESSION.meterName(), stats, MountStats::listenerSessions,
                        MountStats::listenerSessionMillis, TimeUnit.MILLISECONDS)
                .description(AirwaveMeter.LISTENER_SESSION.description()).tags("mount", path).register(registry);
        FunctionTimer.builder(AirwaveMeter.LISTENER_FIRST_BYTE.meterName(), stats, MountStats::firstBytes,
                        MountStats::firstByteNanos, TimeUnit.NANOSECONDS)
                .description(AirwaveMeter.LISTENER_FIRST_BYTE.description()).tags("mount", path).register(registry);
        FunctionCounter.builder(AirwaveMeter.LISTENER_BYTES.meterName(), stats, MountStats::listenerBytes)
                .baseUnit(BaseUnits.BYTES).description(AirwaveMeter.LISTENER_BYTES.description())
                .tags("mount", path).register(registry);
        counter(registry, AirwaveMeter.LISTENER_LAG_SKIPS, stats, MountStats::lagSkips, path, null);
        for (Protocol protocol : Protocol.SOURCES) {
            Gauge.builder(AirwaveMeter.SOURCE_CONNECTED.meterName(), mount,
                            m -> m.liveSource().filter(s -> s.info().protocol() == protocol).isPresent() ? 1 : 0)
                    .description(AirwaveMeter.SOURCE_CONNECTED.description())
                    .tags("mount", path, "protocol", protocol.tag()).register(registry);
            counter(registry, AirwaveMeter.SOURCE_CONNECTS, stats, s -> s.sourceConnects(protocol), path, protocol.tag());
            counter(registry, AirwaveMeter.SOURCE_DISCONNECTS, stats, s -> s.sourceDisconnects(protocol), path,
                    protocol.tag());
        }
        FunctionCounter.builder(AirwaveMeter.SOURCE_BYTES.meterName(), stats, MountStats::sourceBytes)
                .baseUnit(BaseUnits.BYTES).description(AirwaveMeter.SOURCE_BYTES.description())
                .tags("mount", path).register(registry);
        counter(registry, AirwaveMeter.METADATA_UPDATES, stats, MountStats::metadataUpdates, path, null);
    }

    /** Listener count and bytes of one rendition of a mount; returns the two meters. */
    static List<Meter> bindRendition(MeterRegistry registry, Mount mount, String rendition) {
        return List.of(Gauge.builder(AirwaveMeter.RENDITION_LISTENERS.meterName(), mount, m -> m.listeners(rendition))
                        .description(AirwaveMeter.RENDITION_LISTENERS.description())
                        .tags("mount", mount.path(), "rendition", rendition).register(registry),
                FunctionCounter.builder(AirwaveMeter.RENDITION_BYTES.meterName(), mount.stats(),
                                s -> s.listenerBytes(rendition))
                        .baseUnit(BaseUnits.BYTES).description(AirwaveMeter.RENDITION_BYTES.description())
                        .tags("mount", mount.path(), "rendition", rendition).register(registry));
    }

    /**
     * Removes every meter tagged with the mount's path (its own, its transcoder's, its relay's): the
     * mount ended, and a mount on the same path later starts its series afresh.
     */
    private static void remove(Mount mount, MeterRegistry registry) {
        for (Meter meter : registry.getMeters()) {
            if (mount.path().equals(meter.getId().getTag("mount"))) {
                registry.remove(meter);
            }
        }
    }

    private static <T> void gauge(MeterRegistry registry, AirwaveMeter meter, T target,
                                  java.util.function.ToDoubleFunction<T> value, String path) {
        Gauge.builder(meter.meterName(), target, value).description(meter.description()).tags("mount", path)
                .register(registry);
    }

    private static <T> void counter(MeterRegistry registry, AirwaveMeter meter, T target,
                                    java.util.function.ToDoubleFunction<T> value, String path, String protocol) {
        FunctionCounter.Builder<T> builder = FunctionCounter.builder(meter.meterName(), target, value)
                .description(meter.description()).tags("mount", path);
        if (protocol != null) {
            builder.tags("protocol", protocol);
        }
        builder.register(registry);
    }
}
