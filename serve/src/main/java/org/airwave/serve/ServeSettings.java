package org.airwave.serve;

import java.nio.charset.Charset;
import java.time.Duration;

/**
 * Everything the serve side needs from the configuration; each field names its config key.
 *
 * @param icyMetaint {@code listeners.icy-metaint}: audio bytes between ICY metadata blocks
 * @param icyCharset {@code listeners.icy-charset}: charset of ICY titles (UTF-8 by default)
 * @param lagPolicy {@code listeners.lag-policy}: what to do with a listener that falls out of the window
 * @param maxListeners {@code limits.max-listeners}: listeners at once over all mounts (503 beyond)
 * @param publicHost {@code server.public-host}: host:port for absolute URLs when a request has no Host
 * @param writeInterval {@code listeners.write-interval-millis}: how often each listener is sent what
 *     arrived since, in one gathering write
 * @param sendBufferBytes {@code listeners.send-buffer-bytes}: {@code SO_SNDBUF} of each listener's socket,
 *     0 to leave it to the kernel's autotuning
 */
public record ServeSettings(int icyMetaint, Charset icyCharset, LagPolicy lagPolicy, int maxListeners,
                            String publicHost, Duration writeInterval, int sendBufferBytes) {
}
