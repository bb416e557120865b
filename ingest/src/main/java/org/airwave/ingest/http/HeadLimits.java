package org.airwave.ingest.http;

import java.time.Duration;

/**
 * Bounds on a request head, each named after its config key so a rejection can name it.
 *
 * @param maxRequestLineBytes {@code limits.max-request-line-bytes}: longest request line (414 beyond)
 * @param maxHeaderBytes {@code limits.max-header-bytes}: all header lines together (431 beyond)
 * @param maxHeaderCount {@code limits.max-header-count}: number of header lines (431 beyond)
 * @param headerTimeout {@code limits.header-timeout-seconds}: time a client has to send a whole head
 */
public record HeadLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, Duration headerTimeout) {
}
