package org.airwave.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration runs with no file at all, takes a YAML file and overrides, and names the key of any bad value. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAloneAreAValidConfiguration() throws Exception {
        AirwaveConfig config = ConfigLoader.load(null, Map.of());
        assertThat(config.server().port()).isEqualTo(8000);
        assertThat(config.listeners().icyMetaint()).isEqualTo(16000);
        assertThat(config.shoutcast().mount()).isEqualTo("/stream");
        assertThat(config.server().sourcePassword()).isEmpty();
        assertThat(config.playsDemo()).isTrue();
    }

    @Test
    void fileIsMergedOverTheDefaultsAndOverridesWin() throws Exception {
        Path file = dir.resolve("airwave.yaml");
        Files.writeString(file, """
                server:
                  port: 9000
                  source-password: fromfile
                limits:
                  max-sources: 3
                mounts:
                  - path: /live
                    source-password: livepw
                """);
        AirwaveConfig config = ConfigLoader.load(file, Map.of("server.port", "9100", "limits.max-listeners", "42"));
        assertThat(config.server().port()).isEqualTo(9100);
        assertThat(config.server().sourcePassword()).isEqualTo("fromfile");
        assertThat(config.limits().maxSources()).isEqualTo(3);
        assertThat(config.limits().maxListeners()).isEqualTo(42);
        assertThat(config.limits().maxHeaderBytes()).isEqualTo(16384);
        assertThat(config.mounts()).containsExactly(new AirwaveConfig.MountSettings("/live", null, "livepw", null, null, null, null));
    }

    @Test
    void unknownKeyInTheFileIsNamed() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "limits:\n  max-sourcez: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'limits.max-sourcez'");
    }

    @Test
    void unknownOverrideIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("server.prot", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'server.prot'");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("server.port", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.port");
    }

    @Test
    void outOfRangeValueIsNamedWithItsRange() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("listeners.icy-metaint", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'listeners.icy-metaint' must be between 256 and");
    }

    @Test
    void mountLingerIsThreeSecondsAndCannotBeNegative() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).limits().mountLingerSeconds()).isEqualTo(3);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("limits.mount-linger-seconds", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'limits.mount-linger-seconds' must be between 0 and 3600");
    }

    @Test
    void playlistBitrateMustBeAnMp3Bitrate() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("transcode.playlist-bitrate", "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'transcode.playlist-bitrate' must be one of [32, 40, 48");
    }

    @Test
    void mirrorOriginMustBeAnHttpUrl() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("mirror.origin", "ftp://origin")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mirror.origin'").hasMessageContaining("http://");
    }

    @Test
    void fallbackMountsThatLoopAreAConfigError(@TempDir Path files) throws Exception {
        Path file = Files.writeString(files.resolve("loop.yaml"), "mounts:\n"
                + "  - path: /a\n    fallback-mount: /b\n  - path: /b\n    fallback-mount: /a\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fallback mounts form a loop: /");
    }

    @Test
    void switchFadeIsBounded() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).transcode().switchFadeMillis()).as("clean cut by default").isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("transcode.switch-fade-millis", "9000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'transcode.switch-fade-millis' must be between 0 and 5000");
    }

    @Test
    void listenerSendBufferMustHoldOneWriteIntervalOfTheTopBitrate() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).listeners().sendBufferBytes()).isEqualTo(65536);
        assertThat(ConfigLoader.load(null, Map.of("listeners.send-buffer-bytes", "0")).listeners().sendBufferBytes())
                .as("0: the kernel autotunes").isZero();
        assertThat(ConfigLoader.load(null, Map.of("listeners.write-interval-millis", "2000")).listeners()
                .sendBufferBytes()).as("the default holds the longest interval").isEqualTo(65536);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("listeners.send-buffer-bytes", "8192")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'listeners.send-buffer-bytes' must be 0 (kernel autotuning) or between 20000")
                .hasMessageContaining("(was 8192)");
    }

    @Test
    void aRungMp3CannotCarryIsNamedWithItsLadderKey(@TempDir Path files) throws Exception {
        Path mounts = Files.writeString(files.resolve("mounts.yaml"), """
                mounts:
                  - path: /live
                    ladder: [128, {bitrate: 80, sample-rate: 8000, channels: 1}]
                """);
        assertThatThrownBy(() -> ConfigLoader.load(mounts, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config key 'mounts[0].ladder[1]': MP3 at 8000 Hz cannot carry 80 kbit/s");
    }

    @Test
    void invalidMountIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("shoutcast.mount", "/../x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'shoutcast.mount'");
    }

    @Test
    void aMountOnAPathTheServerAnswersItselfIsNamed(@TempDir Path files) throws Exception {
        Path mounts = Files.writeString(files.resolve("mounts.yaml"), "mounts:\n  - path: /admin/stats\n");
        assertThatThrownBy(() -> ConfigLoader.load(mounts, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mounts[0].path': /admin/stats is reserved for the server's own pages");
        Path relays = Files.writeString(files.resolve("relays.yaml"),
                "relays:\n  - mount: /status-json.xsl\n    urls: [http://a.example:8000/live]\n");
        assertThatThrownBy(() -> ConfigLoader.load(relays, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'relays[0].mount': /status-json.xsl is reserved for the server's own pages");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("shoutcast.mount", "/live.m3u")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'shoutcast.mount': a mount ending in .m3u would be served as a playlist");
    }

    @Test
    void unreadableYamlIsReportedWithItsLine() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "server:\n  port: [\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void missingPlaylistIsAConfigErrorNamingItsKey() throws Exception {
        AirwaveConfig config = ConfigLoader.load(null, Map.of(),
                List.of(new AirwaveConfig.PlaylistSettings("/radio", dir.resolve("none").toString(), false)));
        assertThatThrownBy(() -> PlaylistPlan.of(config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'playlists[0].path'");
    }

    @Test
    void emptyPlaylistFolderIsAConfigError() throws Exception {
        Files.createDirectory(dir.resolve("empty"));
        AirwaveConfig config = ConfigLoader.load(null, Map.of(),
                List.of(new AirwaveConfig.PlaylistSettings("/radio", dir.resolve("empty").toString(), false)));
        assertThatThrownBy(() -> PlaylistPlan.of(config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no playable audio file");
    }

    @Test
    void demoStationPlaysOnlyWithoutConfiguredPlaylists() throws Exception {
        assertThat(PlaylistPlan.of(ConfigLoader.load(null, Map.of())).playlists()).containsOnlyKeys("/demo");
        assertThat(PlaylistPlan.of(ConfigLoader.load(null, Map.of())).playlists().get("/demo")).hasSize(3);
    }

    @Test
    void relaysFromTheFileAndTheCommandLineMergeByMountInPriorityOrder() throws Exception {
        Path file = dir.resolve("relays.yaml");
        Files.writeString(file, """
                relays:
                  - mount: /radio
                    urls: [http://a.example:8000/live]
                    on-demand: true
                """);
        AirwaveConfig config = ConfigLoader.load(file, Map.of("relay.max-redirects", "2"), List.of(),
                List.of(new AirwaveConfig.RelaySource("/radio", List.of("http://b.example/live"), false),
                        new AirwaveConfig.RelaySource("/other", List.of("http://c.example/x"), false)));
        assertThat(config.relays()).hasSize(2);
        assertThat(config.relays().get(0).urls()).containsExactly("http://a.example:8000/live", "http://b.example/live");
        assertThat(config.relays().get(0).isOnDemand()).isTrue();
        assertThat(config.relay().maxRedirects()).isEqualTo(2);
        assertThat(ModuleSettings.relay(config).backoffMax()).hasSeconds(60);
        assertThat(ModuleSettings.relay(config).preferredCheck()).hasSeconds(30);
        assertThat(ModuleSettings.relay(config).minRateFraction()).isEqualTo(0.5);
        assertThat(ModuleSettings.relay(config).minRateWindow()).hasSeconds(10);
    }

    @Test
    void badRelaySettingsNameTheirKey() throws Exception {
        Path file = dir.resolve("bad-relays.yaml");
        Files.writeString(file, "relays:\n  - mount: /radio\n    urls: []\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'relays[0].urls'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("relay.backoff-max-seconds", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'relay.backoff-max-seconds'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("relay.preferred-check-seconds", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'relay.preferred-check-seconds'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("relay.min-rate-fraction", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'relay.min-rate-fraction'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of(),
                List.of(new AirwaveConfig.RelaySource("radio", List.of("http://a/"), false))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'relays[0].mount'");
    }
}
