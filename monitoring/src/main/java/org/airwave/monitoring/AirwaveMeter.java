package org.airwave.monitoring;

/**
 * Every Airwave meter, documented in one place: Micrometer name (Prometheus: dots become
 * underscores, counters get {@code _total}, timers {@code _seconds_count}/{@code _seconds_sum}),
 * type, unit, tags and meaning. The README's metrics table is generated from the same list.
 */
public enum AirwaveMeter {
    LISTENERS("airwave.listeners", "gauge", "listeners", "mount", "Listeners connected now."),
    LISTENER_PEAK("airwave.listeners.peak", "gauge", "listeners", "mount", "Most listeners at once since start."),
    RENDITION_LISTENERS("airwave.rendition.listeners", "gauge", "listeners", "mount, rendition",
            "Listeners connected now per rendition (\"source\" is the source's own stream)."),
    RENDITION_BYTES("airwave.rendition.sent", "counter", "bytes", "mount, rendition",
            "Bytes written to listeners per rendition."),
    LISTENER_CONNECTS("airwave.listener.connects", "counter", "connections", "mount",
            "Listener connections accepted."),
    LISTENER_DISCONNECTS("airwave.listener.disconnects", "counter", "connections", "mount, reason",
            "Listener connections ended, by reason: client_left, slow (dropped by the lag policy), kicked, "
                    + "source_ended (the stream ended: its source left, or the mount ended), server_stopped."),
    LISTENER_SESSION("airwave.listener.session", "function timer", "seconds", "mount",
            "Duration of ended listener sessions."),
    LISTENER_FIRST_BYTE("airwave.listener.first.byte", "function timer", "seconds", "mount",
            "Time from a listener's request to its first audio byte being written."),
    LISTENER_BYTES("airwave.listener.sent", "counter", "bytes", "mount",
            "Bytes written to listeners (audio and ICY metadata)."),
    LISTENER_LAG_SKIPS("airwave.listener.lag.skips", "counter", "skips", "mount",
            "Times a lagging listener was moved to the burst point (lag policy skip)."),
    SOURCE_CONNECTED("airwave.source.connected", "gauge", "", "mount, protocol",
            "1 while the mount's input is of that protocol (icecast, shoutcast, relay, playlist, fallback), else 0."),
    SOURCE_CONNECTS("airwave.source.connects", "counter", "connections", "mount, protocol",
            "Sources that took the mount."),
    SOURCE_DISCONNECTS("airwave.source.disconnects", "counter", "connections", "mount, protocol",
            "Sources that left the mount (any reason)."),
    SOURCE_BYTES("airwave.source.received", "counter", "bytes", "mount", "Bytes received from sources."),
    METADATA_UPDATES("airwave.metadata.updates", "counter", "updates", "mount",
            "Title updates (admin requests, in-band tags, playlist tracks)."),
    REQUESTS_REJECTED("airwave.requests.rejected", "counter", "requests", "protocol, reason",
            "Requests and connections refused: bad_request, too_large, method_not_allowed, not_found, auth, "
                    + "auth_blocked (a login refused unchecked while its address is blocked), "
                    + "mount_in_use, limit, unsupported_type, timeout, not_audio, connection_limit, no_descriptors, "
                    + "error (a handler failed: answered 500 or closed)."),
    RELAY_CONNECTED("airwave.relay.connected", "gauge", "", "mount",
            "1 while the mount's relay is connected to an upstream, else 0."),
    RELAY_RECONNECTS("airwave.relay.reconnects", "counter", "connections", "mount",
            "Times the relay connected to an upstream again after losing one."),
    RELAY_FAILURES("airwave.relay.failures", "counter", "attempts", "mount",
            "Relay connection attempts that failed (refused, timed out, bad answer, too many redirects)."),
    RELAY_BYTES("airwave.relay.received", "counter", "bytes", "mount",
            "Audio bytes received from the relay's upstream (ICY metadata removed)."),
    TRANSCODER_REALTIME("airwave.transcoder.realtime.factor", "gauge", "", "mount",
            "CPU seconds the transcoder threads spend per second of audio; at 1 or more it cannot keep real time."),
    TRANSCODER_QUEUE("airwave.transcoder.queue", "gauge", "bytes", "mount",
            "Source bytes waiting for the decoder (sources are slowed down beyond its bound)."),
    TRANSCODER_DECODE_ERRORS("airwave.transcoder.decode.errors", "counter", "errors", "mount",
            "Decoder errors, each recovered without restarting the encoders."),
    TRANSCODER_SILENCE("airwave.transcoder.silence", "counter", "seconds", "mount",
            "Silence fed to the encoders (no source, a stalled source, garbage)."),
    TRANSCODER_LATE("airwave.transcoder.late", "counter", "episodes", "mount",
            "Times the transcoder fell behind real time."),
    TRANSCODER_ENCODE("airwave.transcoder.encode", "function timer", "seconds", "mount, rendition",
            "MP3 frames encoded per rendition (count) and the time spent encoding them (sum).");

    private final String meterName;
    private final String type;
    private final String unit;
    private final String tags;
    private final String description;

    AirwaveMeter(String meterName, String type, String unit, String tags, String description) {
        this.meterName = meterName;
        this.type = type;
        this.unit = unit;
        this.tags = tags;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String type() {
        return type;
    }

    public String unit() {
        return unit;
    }

    public String tags() {
        return tags;
    }

    public String description() {
        return description;
    }
}
