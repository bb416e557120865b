package org.airwave.ingest.relay;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.airwave.core.stream.StreamMetadata;

/**
 * Watches the upstream a relay plays for the two ways it can answer yet be of no use: it delivers
 * too little audio ({@link UpstreamRateWatch}, sampled on a schedule), or its Airwave mount has no
 * input ({@link StreamMetadata#NO_INPUT_ICY_FIELD} in its blocks) for longer than
 * {@code relay.no-input-grace-seconds}. Either way it tells the relay once, with the reason.
 *
 * <p>Stateful: one per playing connection, made and {@linkplain #stop stopped} by the relay on its
 * event loop, where every check runs.
 */
final class UpstreamHealth {

    private final RelaySettings settings;
    private final EventLoop loop;
    private final Consumer<String> useless;
    private final ScheduledFuture<?> rateCheck;
    private ScheduledFuture<?> noInputGrace;
    private boolean stopped;

    /**
     * Starts watching the rate at once.
     *
     * @param deliveredMicros the audio time the connection has delivered so far
     * @param useless told the reason the upstream is of no use (once; the watch stops then)
     */
    UpstreamHealth(RelaySettings settings, EventLoop loop, LongSupplier deliveredMicros, Consumer<String> useless) {
        this.settings = settings;
        this.loop = loop;
        this.useless = useless;
        UpstreamRateWatch watch = new UpstreamRateWatch(settings.minRateFraction(), settings.minRateWindow(),
                System::nanoTime);
        this.rateCheck = !watch.enabled() ? null : loop.scheduleAtFixedRate(() -> {
            if (watch.tooSlow(deliveredMicros.getAsLong())) {
                report("upstream delivers " + watch.limit());
            }
        }, 0, watch.samplingPeriod().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A metadata block said whether the upstream's mount has input: starts or ends the grace. */
    void inputState(boolean noInput) {
        if (!noInput) {
            cancelGrace();
        } else if (noInputGrace == null && !stopped) {
            noInputGrace = loop.schedule(() -> report("its mount has had no input for "
                    + settings.noInputGrace().toSeconds() + " s (relay.no-input-grace-seconds)"),
                    settings.noInputGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops every check (the connection is dropped or replaced). */
    void stop() {
        stopped = true;
        if (rateCheck != null) {
            rateCheck.cancel(false);
        }
        cancelGrace();
    }

    private void report(String reason) {
        if (!stopped) {
            stop();
            useless.accept(reason);
        }
    }

    private void cancelGrace() {
        if (noInputGrace != null) {
            noInputGrace.cancel(false);
            noInputGrace = null;
        }
    }
}
