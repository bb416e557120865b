package org.airwave.monitoring;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import org.airwave.core.mount.MountRegistry;

/**
 * The server's one meter registry (Prometheus), with Airwave's binders and the JVM, process and
 * Netty ones. Made by the application at start and owned by it; no global registry is used.
 *
 * <p>Threading: build once; the registry is thread-safe.
 */
public final class Monitoring implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * @param workers the event loop group whose queues and threads to observe (Micrometer's Netty
     *     binder tags its worker count without the group, so only one group can be bound)
     */
    public Monitoring(MountRegistry mounts, EventLoopGroup workers) {
        registry.config().meterFilter(new PrometheusConventions());
        new MountMeters(mounts).bindTo(registry);
        new ServerMeters(mounts.stats()).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // The allocator channels use (Netty 4.2: the adaptive one unless io.netty.allocator.type says otherwise).
        new NettyAllocatorMetrics((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).bindTo(registry);
        if (workers != null) {
            new NettyEventExecutorMetrics(workers).bindTo(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
