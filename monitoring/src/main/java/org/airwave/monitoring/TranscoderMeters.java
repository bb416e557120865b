package org.airwave.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.Mount;
import org.airwave.core.stats.TranscoderReadout;

/**
 * Meters over one mount's transcoder: realtime factor, source queue, decoder errors, silence,
 * late episodes, and encode time per rendition. Bound by the application when the transcoder
 * starts and {@linkplain #removeFrom removed} when it stops.
 *
 * <p>Ownership: Micrometer holds a gauge's or function counter's target weakly, so the readout must
 * stay strongly reachable while the meters are registered: the owner of the transcoder keeps this
 * binder (which holds the readout) for as long as the transcoder runs.
 *
 * <p>Threading: {@link #bindTo} once, then {@link #removeFrom} at most once; read on scrape from any thread.
 */
public final class TranscoderMeters implements MeterBinder {

    private final Mount owner;
    private final String mount;
    private final TranscoderReadout readout;
    private final List<String> renditions;
    private final List<Meter> bound = new ArrayList<>();

    public TranscoderMeters(Mount owner, TranscoderReadout readout, List<String> renditions) {
        this.owner = owner;
        this.mount = owner.path();
        this.readout = readout;
        this.renditions = List.copyOf(renditions);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bound.add(Gauge.builder(AirwaveMeter.TRANSCODER_REALTIME.meterName(), readout,
                        TranscoderReadout::realtimeFactor)
                .description(AirwaveMeter.TRANSCODER_REALTIME.description()).tags("mount", mount).register(registry));
        bound.add(Gauge.builder(AirwaveMeter.TRANSCODER_QUEUE.meterName(), readout, TranscoderReadout::queuedSourceBytes)
                .baseUnit(BaseUnits.BYTES).description(AirwaveMeter.TRANSCODER_QUEUE.description())
                .tags("mount", mount).register(registry));
        bound.add(FunctionCounter.builder(AirwaveMeter.TRANSCODER_DECODE_ERRORS.meterName(), readout,
                        TranscoderReadout::decodeErrors)
                .description(AirwaveMeter.TRANSCODER_DECODE_ERRORS.description()).tags("mount", mount)
                .register(registry));
        bound.add(FunctionCounter.builder(AirwaveMeter.TRANSCODER_SILENCE.meterName(), readout,
                        r -> r.silenceMicros() / 1e6)
                .baseUnit("seconds").description(AirwaveMeter.TRANSCODER_SILENCE.description()).tags("mount", mount)
                .register(registry));
        bound.add(FunctionCounter.builder(AirwaveMeter.TRANSCODER_LATE.meterName(), readout,
                        TranscoderReadout::lateEpisodes)
                .description(AirwaveMeter.TRANSCODER_LATE.description()).tags("mount", mount).register(registry));
        for (String rendition : renditions) {
            bound.addAll(MountMeters.bindRendition(registry, owner, rendition));
            bound.add(FunctionTimer.builder(AirwaveMeter.TRANSCODER_ENCODE.meterName(), readout,
                            r -> r.framesEncoded(rendition), r -> r.encodeNanos(rendition), TimeUnit.NANOSECONDS)
                    .description(AirwaveMeter.TRANSCODER_ENCODE.description())
                    .tags("mount", mount, "rendition", rendition).register(registry));
        }
    }

    /** Removes the meters {@link #bindTo} registered (the transcoder stopped). */
    public void removeFrom(MeterRegistry registry) {
        bound.forEach(registry::remove);
        bound.clear();
    }
}
