package org.airwave.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.airwave.transcode.TranscoderSettings;
import org.junit.jupiter.api.Test;

/** Every module's settings take their values from the configuration, defaults included. */
class ModuleSettingsTest {

    @Test
    void theTranscoderTakesEveryConfiguredValue() throws Exception {
        AirwaveConfig config = ConfigLoader.load(null, Map.of("transcode.lame-quality", "7",
                "transcode.switch-fade-millis", "250", "transcode.max-queued-source-bytes", "32768"));
        TranscoderSettings settings = ModuleSettings.transcoder(config);
        assertThat(settings.lameQuality()).isEqualTo(7);
        assertThat(settings.switchFadeMicros()).isEqualTo(250_000);
        assertThat(settings.maxQueuedSourceBytes()).isEqualTo(32768);
    }

    @Test
    void renditionChunksHoldBufferChunkMillis() throws Exception {
        AirwaveConfig config = ConfigLoader.load(null, Map.of("buffer.chunk-millis", "40"));
        assertThat(ModuleSettings.transcoder(config).chunkMicros()).isEqualTo(40_000);
        assertThat(ModuleSettings.ingest(config).chunkMicros()).as("as for the source's own stream").isEqualTo(40_000);
    }

    @Test
    void theTranscoderDefaultsAreTheConfigDefaults() throws Exception {
        AirwaveConfig defaults = ConfigLoader.load(null, Map.of());
        TranscoderSettings settings = ModuleSettings.transcoder(defaults);
        assertThat(settings.lameQuality()).isEqualTo(defaults.transcode().lameQuality());
        assertThat(settings.maxQueuedSourceBytes()).isEqualTo(defaults.transcode().maxQueuedSourceBytes());
        assertThat(settings.switchFadeMicros()).isEqualTo(defaults.transcode().switchFadeMillis() * 1000L);
    }

    @Test
    void theHeadLimitsAreTheConfiguredOnes() throws Exception {
        AirwaveConfig config = ConfigLoader.load(null, Map.of("limits.max-header-count", "42"));
        assertThat(ModuleSettings.head(config).maxHeaderCount()).isEqualTo(42);
        assertThat(ModuleSettings.head(config).headerTimeout().toSeconds())
                .isEqualTo(config.limits().headerTimeoutSeconds());
    }
}
