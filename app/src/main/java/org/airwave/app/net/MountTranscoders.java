package org.airwave.app.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;
import org.airwave.app.config.AirwaveConfig;
import org.airwave.app.config.ModuleSettings;
import org.airwave.app.config.RungSettings;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.SourceTap;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import io.micrometer.core.instrument.MeterRegistry;
import org.airwave.core.stats.TranscoderReadout;
import org.airwave.monitoring.TranscoderMeters;
import org.airwave.transcode.MountTranscoder;
import org.airwave.transcode.RungStats;
import org.airwave.transcode.TranscoderStats;
import org.airwave.transcode.RungOutput;
import org.airwave.transcode.SourceFeed;
import org.airwave.transcode.TranscoderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every mount with a ladder its transcoder: configured mounts at start, mounts that a
 * source creates later as they appear, and stops it when such a mount ends. Starting a transcoder
 * opens FFmpeg encoders, so starts and the bookkeeping of stops (meters, the running map) happen in
 * order on a setup thread of its own, never on the event loop that created the mount; until it is
 * ready the mount serves the source's own stream, and a live source joins the transcoder on its next
 * read. Closing a stopped transcoder waits for its threads, which under load takes seconds, so it
 * happens on other threads and never delays the next start.
 *
 * <p>Owns the transcoders and their meter binders (which hold the readouts the meters observe, so
 * they live exactly as long as the transcoder); {@link #close()} stops them all (their renditions end).
 */
final class MountTranscoders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MountTranscoders.class);
    /** Transcoders closed in parallel after their mounts ended (a burst of ended mounts drains in parallel). */
    private static final int CLOSING_AT_ONCE = 4;

    private final AirwaveConfig config;
    private final MeterRegistry registry;
    private final TranscoderSettings settings;
    private final BufferLimits bufferLimits;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService setup = Executors.newSingleThreadExecutor(DaemonThreads.named("transcode-setup"));
    /** Closes stopped transcoders, a few at a time (mostly waiting for their threads); idle: no thread. */
    private final ThreadPoolExecutor closer = new ThreadPoolExecutor(CLOSING_AT_ONCE, CLOSING_AT_ONCE, 5,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.named("transcode-close"));

    /**
     * @param registry where each transcoder's meters are bound when it starts
     */
    MountTranscoders(AirwaveConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.settings = ModuleSettings.transcoder(config);
        this.bufferLimits = ModuleSettings.ingest(config).buffer();
        closer.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts transcoders for the registry's mounts now and for every mount it makes later, except
     * mounts that relay an origin's stream as it is ({@code mirrored}).
     */
    void attachTo(MountRegistry mounts, Predicate<String> mirrored) {
        mounts.onEveryMount(mount -> {
            if (!config.ladderOf(mount.path()).isEmpty() && !mirrored.test(mount.path())) {
                onSetupThread(() -> start(mount));
            }
        });
        mounts.onEveryEnd(mount -> onSetupThread(() -> stop(mount)));
    }

    private void onSetupThread(Runnable task) {
        try {
            setup.execute(task);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("transcoder setup after close ignored (the server is stopping)");
        }
    }

    private void start(Mount mount) {
        if (mount.hasEnded() || running.containsKey(mount.path())) {
            return;
        }
        List<RungOutput> outputs = new ArrayList<>();
        List<Rendition> renditions = new ArrayList<>();
        for (RungSettings rung : config.ladderOf(mount.path())) {
            BroadcastBuffer buffer = new BroadcastBuffer(bufferLimits);
            outputs.add(new RungOutput(rung.rung(), buffer));
            renditions.add(new Rendition(rung.name(), rung.bitrate(), rung.sampleRate(), rung.channels(), buffer));
        }
        try {
            MountTranscoder transcoder = MountTranscoder.start(mount.path(), outputs, mount::metadata, settings);
            TranscoderMeters meters = new TranscoderMeters(mount, new Readout(transcoder.stats(), renditions),
                    renditions.stream().map(Rendition::name).toList());
            running.put(mount.path(), new Running(mount, transcoder, meters));
            meters.bindTo(registry);
            String defaultName = config.defaultRenditionOf(mount.path());
            mount.transcodeWith(new Transcoding(renditions, defaultName.isEmpty() ? renditions.get(0).name() : defaultName,
                    config.passthroughOf(mount.path()), (contentType, resume) -> tap(transcoder.attach(contentType, resume))));
        } catch (RuntimeException e) {
            LOG.error("{}: cannot start transcoding, serving the source's own stream only", mount.path(), e);
        }
    }

    /** The mount ended: its transcoder stops (its renditions' listeners get the end of the stream), its meters go. */
    private void stop(Mount mount) {
        Running transcoding = running.get(mount.path());
        if (transcoding == null || transcoding.mount() != mount) {
            return;
        }
        running.remove(mount.path());
        transcoding.meters().removeFrom(registry);
        Runnable close = () -> {
            transcoding.transcoder().close();
            LOG.info("{}: transcoding stopped, the mount ended", mount.path());
        };
        try {
            closer.execute(close);
        } catch (RejectedExecutionException stopping) {
            close.run();
        }
    }

    /**
     * A mount's transcoder and the binder of its meters, held together for as long as it runs:
     * Micrometer holds a meter's target (the binder's readout) weakly.
     */
    private record Running(Mount mount, MountTranscoder transcoder, TranscoderMeters meters) {
    }

    /** The transcoder's counters as monitoring reads them, rungs named as renditions. */
    private record Readout(TranscoderStats stats, List<Rendition> renditions) implements TranscoderReadout {

        @Override
        public double realtimeFactor() {
            return stats.realtimeFactor();
        }

        @Override
        public long queuedSourceBytes() {
            return stats.queuedSourceBytes();
        }

        @Override
        public long decodeErrors() {
            return stats.decodeErrors();
        }

        @Override
        public long silenceMicros() {
            return stats.silenceMicros();
        }

        @Override
        public long lateEpisodes() {
            return stats.lateEpisodes();
        }

        @Override
        public long framesEncoded(String rendition) {
            return rung(rendition).framesEncoded();
        }

        @Override
        public long encodeNanos(String rendition) {
            return rung(rendition).encodeNanos();
        }

        private RungStats rung(String rendition) {
            for (int i = 0; i < renditions.size(); i++) {
                if (renditions.get(i).name().equals(rendition)) {
                    return stats.rungs().get(i);
                }
            }
            throw new IllegalArgumentException("no rendition " + rendition);
        }
    }

    private static SourceTap tap(SourceFeed feed) {
        return new SourceTap() {
            @Override
            public boolean offer(io.netty.buffer.ByteBuf bytes) {
                return feed.offer(bytes);
            }

            @Override
            public void end() {
                feed.end();
            }
        };
    }

    @Override
    public void close() {
        setup.shutdownNow();
        closer.shutdown();
        try {
            setup.awaitTermination(5, TimeUnit.SECONDS);
            closer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.values().forEach(transcoding -> transcoding.transcoder().close());
        running.clear();
    }
}
