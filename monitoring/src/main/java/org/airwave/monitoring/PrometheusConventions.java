package org.airwave.monitoring;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Map;
import java.util.Set;

/**
 * Makes the third-party binders' meters follow Prometheus's naming rules, so that a scrape
 * passes {@code promtool check metrics}: Micrometer's Netty binders register no description (no
 * {@code # HELP}), so they get one here; {@code process.cpu.time} (unit {@code ns}, an
 * abbreviated non-base unit) and {@code system.cpu.count} (a gauge ending in {@code _count}) are
 * left out: {@code process.cpu.usage} and {@code system.cpu.usage} say the same thing.
 *
 * <p>Add to the registry before any binder binds. Stateless.
 */
final class PrometheusConventions implements MeterFilter {

    /** Meters whose Prometheus names break the naming rules. */
    static final Set<String> LEFT_OUT = Set.of("process.cpu.time", "system.cpu.count");

    private static final Map<String, String> NETTY_DESCRIPTIONS = Map.of(
            "netty.allocator.memory.used", "Memory reserved by the Netty buffer allocator, by memory type.",
            "netty.allocator.memory.pinned", "Memory of the Netty allocator held by buffers in use, by memory type.",
            "netty.allocator.pooled.arenas", "Arenas of the pooled Netty allocator, by memory type.",
            "netty.allocator.pooled.cache.size", "Cache size of the pooled Netty allocator, by cache type.",
            "netty.allocator.pooled.chunk.size", "Chunk size of the pooled Netty allocator.",
            "netty.allocator.pooled.threadlocal.caches", "Thread-local caches of the pooled Netty allocator.",
            "netty.eventexecutor.tasks.pending", "Tasks waiting to run on a Netty event loop.");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return LEFT_OUT.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description != null && !description.isBlank()) {
            return id;
        }
        String help = NETTY_DESCRIPTIONS.getOrDefault(id.getName(), "Micrometer meter " + id.getName() + ".");
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
    }
}
