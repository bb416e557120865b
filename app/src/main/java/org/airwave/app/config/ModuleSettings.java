package org.airwave.app.config;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import org.airwave.app.limits.ConnectionLimits;
import org.airwave.app.limits.DescriptorLimit;
import org.airwave.app.limits.TrustedAddresses;
import org.airwave.core.stream.BufferLimits;
import org.airwave.ingest.IngestSettings;
import org.airwave.ingest.http.HeadLimits;
import org.airwave.ingest.relay.RelaySettings;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.ServeSettings;
import org.airwave.transcode.TranscoderSettings;

/** Translates the configuration into each module's settings record. Stateless. */
public final class ModuleSettings {

    private ModuleSettings() {
    }

    public static HeadLimits head(AirwaveConfig c) {
        AirwaveConfig.Limits l = c.limits();
        return new HeadLimits(l.maxRequestLineBytes(), l.maxHeaderBytes(), l.maxHeaderCount(),
                Duration.ofSeconds(l.headerTimeoutSeconds()));
    }

    /**
     * The connection limits, {@code limits.max-connections} derived from {@code descriptorLimit}
     * (see {@link DescriptorLimit}) when it is 0.
     */
    public static ConnectionLimits connections(AirwaveConfig c, long descriptorLimit) {
        AirwaveConfig.Limits l = c.limits();
        int total = l.maxConnections() > 0 ? l.maxConnections() : DescriptorLimit.defaultMaxConnections(descriptorLimit);
        return new ConnectionLimits(l.maxPendingHeadsPerAddress(), l.maxConnectionsPerAddress(), total,
                TrustedAddresses.parse(ConfigValidator.trusted(l)));
    }

    public static IngestSettings ingest(AirwaveConfig c) {
        AirwaveConfig.Limits l = c.limits();
        AirwaveConfig.Buffer b = c.buffer();
        BufferLimits buffer = new BufferLimits(micros(b.windowSeconds()), b.maxBytes(), micros(b.burstSeconds()),
                b.maxChunks());
        return new IngestSettings(head(c), Duration.ofSeconds(l.sourceIdleTimeoutSeconds()), l.maxGarbageBytes(),
                l.maxSources(), buffer, b.chunkMillis() * 1000L, b.maxChunkBytes(), c.shoutcast().mount(),
                c.shoutcast().sids() == null ? Map.of() : Map.copyOf(c.shoutcast().sids()), l.maxLoginLineBytes());
    }

    /** The transcoder's tunables ({@code transcode.*}; its renditions' chunks hold {@code buffer.chunk-millis}). */
    public static TranscoderSettings transcoder(AirwaveConfig c) {
        AirwaveConfig.Transcode t = c.transcode();
        return TranscoderSettings.live(c.buffer().chunkMillis() * 1000L, t.maxQueuedSourceBytes(), t.lameQuality(),
                t.switchFadeMillis() * 1000L);
    }

    /** How long a mount that is not configured lingers without input before it ends. */
    public static Duration mountLinger(AirwaveConfig c) {
        return Duration.ofSeconds(c.limits().mountLingerSeconds());
    }

    public static RelaySettings relay(AirwaveConfig c) {
        AirwaveConfig.Relay r = c.relay();
        return new RelaySettings(r.maxRedirects(), Duration.ofSeconds(r.connectTimeoutSeconds()),
                Duration.ofSeconds(r.readTimeoutSeconds()), Duration.ofMillis(r.backoffInitialMillis()),
                Duration.ofSeconds(r.backoffMaxSeconds()), c.limits().maxHeaderBytes(),
                Duration.ofSeconds(r.preferredCheckSeconds()), r.minRateFraction(),
                Duration.ofSeconds(r.minRateSeconds()), Duration.ofSeconds(r.noInputGraceSeconds()));
    }

    public static ServeSettings serve(AirwaveConfig c) {
        AirwaveConfig.Listeners li = c.listeners();
        String publicHost = c.server().publicHost().isBlank()
                ? hostForUrls(c.server().bind()) + ":" + c.server().port() : c.server().publicHost();
        return new ServeSettings(li.icyMetaint(), Charset.forName(li.icyCharset()),
                LagPolicy.valueOf(li.lagPolicy().toUpperCase()), c.limits().maxListeners(), publicHost,
                Duration.ofMillis(li.writeIntervalMillis()), li.sendBufferBytes());
    }

    private static String hostForUrls(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            return "localhost";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static long micros(double seconds) {
        return Math.round(seconds * 1_000_000);
    }
}
