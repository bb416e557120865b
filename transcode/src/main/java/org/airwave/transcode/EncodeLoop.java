package org.airwave.transcode;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.airwave.core.stream.StreamMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder thread of a mount: takes decoded audio from the {@link DecodedAudioQueue}, or
 * silence when there is none, and feeds every {@link FormatBranch}, so each rung's output is
 * continuous MP3 of constant format for as long as the transcoder lives.
 *
 * <p>Real-time pacing ({@link Pacing#REAL_TIME}): the {@link OutputClock} decides how much audio is
 * due. While a source plays, each due step takes its next decoded frame; when none is there (a
 * stalled or garbage source) that is an underrun and silence fills in. While no source plays, silence
 * is fed in {@link #SILENCE_STEP_NANOS} steps until the decoded queue holds the {@link Prebuffer}
 * (or a whole short source), then the source takes over, skipping any backlog beyond the prebuffer.
 * The output clock is driven by audio time only.
 *
 * <p>{@link Pacing#AS_FAST_AS_INPUT}: every decoded frame is encoded as soon as it arrives and no
 * silence is ever added (benchmarks).
 *
 * <p>Ownership and threading: runs on its own thread, the single writer of every rung's buffer; owns
 * the branches and closes them (flushing LAME and ending the buffers) when it stops.
 */
final class EncodeLoop implements Runnable {

    /** Silence is fed in steps this long, which bounds how late a prebuffered source starts. */
    static final long SILENCE_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Logger LOG = LoggerFactory.getLogger(EncodeLoop.class);

    private enum Feeding { SILENCE, SOURCE }

    private final String mount;
    private final List<FormatBranch> branches;
    private final DecodedAudioQueue queue;
    private final Supplier<StreamMetadata> metadata;
    private final TranscoderSettings settings;
    private final TranscoderStats stats;
    private final OutputClock clock;
    private final RealtimeMeter meter;
    private final Prebuffer prebuffer;

    private volatile boolean stopping;
    private Feeding feeding = Feeding.SILENCE;
    private long produced;
    private long queueingSince = -1;

    EncodeLoop(String mount, List<FormatBranch> branches, DecodedAudioQueue queue, Supplier<StreamMetadata> metadata,
               TranscoderSettings settings, TranscoderStats stats, OutputClock clock, RealtimeMeter meter) {
        this.mount = mount;
        this.branches = List.copyOf(branches);
        this.queue = queue;
        this.metadata = metadata;
        this.settings = settings;
        this.stats = stats;
        this.clock = clock;
        this.meter = meter;
        this.prebuffer = new Prebuffer(settings);
    }

    /** Asks the loop to finish; the queue must be closed too, to wake it. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            meter.start(0);
            if (settings.pacing() == Pacing.REAL_TIME) {
                runPaced();
            } else {
                runAsFastAsInput();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: transcoder stopped on an encoder failure; its renditions end", mount, e);
        } finally {
            finish();
        }
    }

    private void runPaced() throws InterruptedException {
        clock.start();
        while (!stopping) {
            long due = clock.due(produced);
            while (produced < due && !stopping) {
                step();
            }
            meter.produced(produced);
            queue.sleep(clock.sleepNanos(produced));
        }
    }

    private void step() {
        if (feeding == Feeding.SILENCE && sourceReady()) {
            feeding = Feeding.SOURCE;
            queueingSince = -1;
            skipBacklog();
            for (FormatBranch branch : branches) {
                branch.startOfSource();
            }
        }
        if (feeding == Feeding.SOURCE) {
            DecodedAudio slot = queue.poll();
            if (slot != null) {
                play(slot);
                return;
            }
            prebuffer.underrun();
            feeding = Feeding.SILENCE;
        }
        StreamMetadata current = metadata.get();
        for (FormatBranch branch : branches) {
            branch.writeSilence(SILENCE_STEP_NANOS, current);
        }
        advance(SILENCE_STEP_NANOS);
        stats.silence(SILENCE_STEP_NANOS);
    }

    private boolean sourceReady() {
        if (queue.holdsSourceEnd()) {
            return true;
        }
        long queued = queue.queuedNanos();
        if (queued == 0) {
            queueingSince = -1;
            return false;
        }
        if (queueingSince < 0) {
            queueingSince = produced;
        }
        return prebuffer.isFilled(queued, produced - queueingSince);
    }

    /**
     * Drops the oldest decoded audio beyond the prebuffer as a source (re)starts: a demuxer that
     * needed a run of bytes before its first packet, or a relay's burst on connect, would otherwise
     * stay queued as latency for the whole life of the source. A source that has already ended
     * plays whole.
     */
    private void skipBacklog() {
        if (queue.holdsSourceEnd()) {
            return;
        }
        DecodedAudio slot;
        while ((slot = queue.pollBeyond(prebuffer.currentNanos())) != null) {
            stats.skipped(slot.durationNanos);
            queue.recycle(slot);
        }
    }

    private void runAsFastAsInput() throws InterruptedException {
        while (!stopping) {
            DecodedAudio slot = queue.take();
            if (slot == null) {
                return;
            }
            play(slot);
            meter.produced(produced);
        }
    }

    private void play(DecodedAudio slot) {
        try {
            if (slot.kind == DecodedAudio.Kind.SOURCE_END) {
                for (FormatBranch branch : branches) {
                    branch.endOfSource();
                }
                feeding = Feeding.SILENCE;
                prebuffer.reset();
                stats.sourceFinished();
                return;
            }
            for (FormatBranch branch : branches) {
                branch.write(slot.frame, slot.metadata);
            }
            advance(slot.durationNanos);
        } finally {
            queue.recycle(slot);
        }
    }

    private void advance(long nanos) {
        produced += nanos;
    }

    private void finish() {
        for (FormatBranch branch : branches) {
            try {
                branch.finish();
            } catch (RuntimeException e) {
                LOG.error("{}: flushing the encoders failed", mount, e);
            } finally {
                branch.endBuffers();
                branch.close();
            }
        }
    }
}
