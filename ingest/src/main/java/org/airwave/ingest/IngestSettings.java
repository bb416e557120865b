package org.airwave.ingest;

import java.time.Duration;
import java.util.Map;
import org.airwave.core.stream.BufferLimits;
import org.airwave.ingest.http.HeadLimits;

/**
 * Everything the ingest side needs from the configuration; each field names its config key.
 *
 * @param head request-head limits ({@code limits.*})
 * @param sourceIdleTimeout {@code limits.source-idle-timeout-seconds}: a source that sends nothing this long is closed
 * @param maxGarbageBytes {@code limits.max-garbage-bytes}: consecutive non-audio bytes before a source is closed
 * @param maxSources {@code limits.max-sources}: live sources at once (403 beyond)
 * @param buffer {@code buffer.*}: window, byte cap, burst of each mount's buffer
 * @param chunkMicros {@code buffer.chunk-millis}: audio per shared chunk
 * @param maxChunkBytes {@code buffer.max-chunk-bytes}: bytes per shared chunk at most
 * @param shoutcastMount {@code shoutcast.mount}: where SHOUTcast v1 sources go without a mount in the password
 * @param shoutcastSids {@code shoutcast.sids}: DNAS2 stream ids ({@code pass:#sid}) to mounts
 * @param maxLoginLineBytes {@code limits.max-login-line-bytes}: longest SHOUTcast password or header line
 */
public record IngestSettings(HeadLimits head, Duration sourceIdleTimeout, long maxGarbageBytes, int maxSources,
                             BufferLimits buffer, long chunkMicros, int maxChunkBytes, String shoutcastMount,
                             Map<Integer, String> shoutcastSids, int maxLoginLineBytes) {
}
