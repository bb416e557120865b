package org.airwave.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stats.TranscoderReadout;
import org.junit.jupiter.api.Test;

/**
 * The README's metrics table is {@link AirwaveMeter} written out: one row per meter, with the
 * series names a real scrape has, and no row for a meter that does not exist.
 */
class ReadmeMetricsTableTest {

    /** The project README, from this module's directory (where Maven runs the tests). */
    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyMeterHasItsRowWithTheSeriesNamesOfARealScrape() throws IOException {
        List<String> tableRows = Files.readAllLines(README, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("| `airwave_")).toList();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MountRegistry mounts = new MountRegistry();
        new MountMeters(mounts).bindTo(registry);
        new ServerMeters(mounts.stats()).bindTo(registry);
        mounts.mount("/live");
        new TranscoderMeters(mounts.mount("/live"), new FixedReadout(), List.of("128")).bindTo(registry);
        new RelayMeters("/live", new org.airwave.core.stats.RelayStats()).bindTo(registry);
        String scrape = registry.scrape();

        List<String> expectedRows = new ArrayList<>();
        for (AirwaveMeter meter : AirwaveMeter.values()) {
            List<String> series = seriesNames(registry, meter);
            for (String name : series) {
                assertThat(scrape).as("scrape has %s", name).containsPattern("(?m)^" + name + "[{ ]");
            }
            String row = "| " + series.stream().map(name -> "`" + name + "`").collect(Collectors.joining(", "))
                    + " | " + meter.type() + " | " + meter.unit() + " | " + meter.tags() + " | "
                    + meter.description() + " |";
            assertThat(tableRows).as("README row of %s", meter).contains(row);
            expectedRows.add(row);
        }
        assertThat(tableRows).as("README rows without a meter").containsExactlyInAnyOrderElementsOf(expectedRows);
        registry.close();
    }

    /** The Prometheus series a meter exports: counters get {@code _total}, timers {@code _count} and {@code _sum}. */
    private static List<String> seriesNames(PrometheusMeterRegistry registry, AirwaveMeter meter) {
        Meter registered = registry.get(meter.meterName()).meters().iterator().next();
        String base = registered.getId().getConventionName(registry.config().namingConvention());
        if (registered instanceof FunctionCounter) {
            return List.of(base.endsWith("_total") ? base : base + "_total");
        }
        if (registered instanceof FunctionTimer) {
            return List.of(base + "_count", base + "_sum");
        }
        return List.of(base);
    }

    /** A transcoder readout with fixed values: the table test needs the meters registered, not real numbers. */
    private static final class FixedReadout implements TranscoderReadout {
        @Override
        public double realtimeFactor() {
            return 1.0;
        }

        @Override
        public long queuedSourceBytes() {
            return 0;
        }

        @Override
        public long decodeErrors() {
            return 0;
        }

        @Override
        public long silenceMicros() {
            return 0;
        }

        @Override
        public long lateEpisodes() {
            return 0;
        }

        @Override
        public long framesEncoded(String rendition) {
            return 0;
        }

        @Override
        public long encodeNanos(String rendition) {
            return 0;
        }
    }
}
