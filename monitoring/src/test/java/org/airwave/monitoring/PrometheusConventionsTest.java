package org.airwave.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.MountRegistry;
import org.junit.jupiter.api.Test;

/**
 * The whole registry (Airwave's, JVM, process and Netty meters) follows the rules
 * {@code promtool check metrics} enforces that Micrometer's own binders break: help text on every
 * family, no abbreviated units, no {@code _count} on a gauge. (The app's tests run promtool itself
 * on a live server's scrape.)
 */
class PrometheusConventionsTest {

    @Test
    void everyFamilyHasHelpAndNoneBreaksTheNamingRules() {
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
        MountRegistry mounts = new MountRegistry();
        mounts.mount("/live");
        try (Monitoring monitoring = new Monitoring(mounts, loops)) {
            String scrape = monitoring.registry().scrape();
            Map<String, String> help = new HashMap<>();
            for (String line : scrape.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String[] parts = line.substring(7).split(" ", 2);
                    help.put(parts[0], parts.length > 1 ? parts[1].trim() : "");
                }
            }
            assertThat(help).as("metric families").containsKeys("netty_eventexecutor_tasks_pending",
                    "netty_allocator_memory_used", "jvm_memory_used_bytes", "airwave_listeners");
            assertThat(help).allSatisfy((family, text) -> assertThat(text).as("help of %s", family).isNotEmpty());
            assertThat(help.keySet()).noneMatch(family -> family.startsWith("process_cpu_time")
                    || family.equals("system_cpu_count"));
        } finally {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
