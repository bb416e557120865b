package org.airwave.ingest.relay;

import java.time.Duration;

/**
 * The limits every relay works within; each field names its config key.
 *
 * @param maxRedirects {@code relay.max-redirects}: redirects followed per connection attempt
 * @param connectTimeout {@code relay.connect-timeout-seconds}: time to open the TCP connection
 * @param readTimeout {@code relay.read-timeout-seconds}: an upstream silent this long is dropped
 * @param backoffInitial {@code relay.backoff-initial-millis}: wait after the first failed round
 * @param backoffMax {@code relay.backoff-max-seconds}: the wait never grows beyond this
 * @param maxHeadBytes {@code limits.max-header-bytes}: longest upstream response head accepted
 * @param preferredCheck {@code relay.preferred-check-seconds}: while a relay plays a fallback URL, how
 *     often it asks the URLs listed before it whether they are back (zero: never, it stays on the fallback
 *     until that is lost)
 * @param minRateFraction {@code relay.min-rate-fraction}: a playing upstream that delivers less audio than
 *     this share of real time for {@code minRateWindow} counts as lost (0: never)
 * @param minRateWindow {@code relay.min-rate-seconds}: how long an upstream may deliver too little
 * @param noInputGrace {@code relay.no-input-grace-seconds}: how long a playing Airwave upstream may say its
 *     mount has no input before the relay fails over (when it has another URL or a standby input)
 */
public record RelaySettings(int maxRedirects, Duration connectTimeout, Duration readTimeout, Duration backoffInitial,
                            Duration backoffMax, int maxHeadBytes, Duration preferredCheck, double minRateFraction,
                            Duration minRateWindow, Duration noInputGrace) {
}
