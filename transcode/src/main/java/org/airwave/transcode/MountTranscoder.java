package org.airwave.transcode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.airwave.core.stream.StreamMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcoding pipeline of one mount: each attached source is decoded once with FFmpeg, resampled
 * where a rung needs another rate or channel count, and encoded by libmp3lame into every rung of the
 * ladder; each rung's MP3 frames go, in chunks stamped with the mount's metadata, into that rung's
 * {@link org.airwave.core.stream.BroadcastBuffer}.
 *
 * <p>The renditions outlive sources: from {@link #start} to {@link #close} every rung receives
 * continuous MP3 of constant format at real-time pace, with silence whenever no source is attached,
 * a source stalls, or it sends garbage; a new source may use another codec, rate or channel count.
 *
 * <p>Threads: two per mount, never a Netty event loop. The decoder thread
 * ({@code transcode-decode-<mount>}) demuxes and decodes the attached source, blocking on its bytes
 * and on the bounded decoded queue. The encoder thread ({@code transcode-encode-<mount>}) is paced
 * by the output clock, converts, encodes and appends; it is the single writer of every rung's buffer.
 *
 * <p>Lifecycle: {@link #start} opens the encoders (invalid ladders fail there) and starts the
 * threads; {@link #attach} any number of times from any thread; {@link #close} once, from a thread
 * that may block (not an event loop): it discards the source, flushes the encoders, ends every rung's
 * buffer and frees the native state.
 */
public final class MountTranscoder implements AutoCloseable {

    /** Decoded-queue slots; the queue's duration bound normally binds first. */
    static final int DECODED_SLOTS = 256;
    /** How long {@link #close} waits for each thread. */
    static final long JOIN_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(MountTranscoder.class);
    private static final SourceFeed NO_MORE_SOURCES = new SourceFeed("", 1, () -> { });

    private final String mount;
    private final TranscoderSettings settings;
    private final DecodedAudioQueue decoded;
    private final TranscoderStats stats;
    private final LinkedBlockingQueue<SourceFeed> pendingFeeds = new LinkedBlockingQueue<>();
    private final Thread decoderThread;
    private final Thread encoderThread;
    private final EncodeLoop encodeLoop;
    private SourceFeed current;
    private boolean closed;

    private MountTranscoder(String mount, List<RungOutput> outputs, Supplier<StreamMetadata> metadata,
                            TranscoderSettings settings) {
        this.mount = mount;
        this.settings = settings;
        this.decoded = new DecodedAudioQueue(settings.maxDecodedMicros() * 1000, DECODED_SLOTS);
        List<RungStats> rungStats = new ArrayList<>();
        List<FormatBranch> branches = openBranches(outputs, settings, rungStats);
        this.stats = new TranscoderStats(rungStats);
        SourceDecoder decoder = new SourceDecoder(mount, decoded, metadata, stats, settings.allocator());
        this.decoderThread = new Thread(() -> decodeSources(decoder), "transcode-decode-" + mount);
        this.encodeLoop = new EncodeLoop(mount, branches, decoded, metadata, settings, stats,
                new OutputClock(mount, System::nanoTime, stats), new RealtimeMeter(decoderThread.getId(), stats));
        this.encoderThread = new Thread(encodeLoop, "transcode-encode-" + mount);
        decoderThread.setDaemon(true);
        encoderThread.setDaemon(true);
    }

    /**
     * Opens the ladder's encoders and starts transcoding (silence until a source attaches).
     *
     * @param mount the mount's name, for thread names and logs
     * @param outputs one per rung; the transcoder becomes each buffer's only writer
     * @param metadata the mount's current metadata; called on the transcoder's threads, must be
     *     thread-safe and cheap
     * @throws IllegalArgumentException when the ladder is empty
     * @throws IllegalStateException when an encoder cannot be opened (FFmpeg's reason in the message)
     */
    public static MountTranscoder start(String mount, List<RungOutput> outputs, Supplier<StreamMetadata> metadata,
                                        TranscoderSettings settings) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a transcoder needs at least one rung");
        }
        FfmpegLibraries.load();
        // The allocator sets itself up on first use; doing that here keeps it off the paced thread.
        settings.allocator().directBuffer(Mp3ChunkWriter.MAX_FRAME_BYTES).release();
        MountTranscoder transcoder = new MountTranscoder(mount, outputs, metadata, settings);
        transcoder.decoderThread.start();
        transcoder.encoderThread.start();
        LOG.info("{}: transcoding to {}", mount, outputs.stream().map(RungOutput::rung).toList());
        return transcoder;
    }

    /**
     * Attaches a new source; a source still attached is discarded (its queued bytes are dropped,
     * audio already decoded still plays).
     *
     * @param contentType the source's Content-Type (picks the demuxer; unknown types are probed)
     * @param resumeReading run on the decoder thread when the feed, after refusing bytes, has room
     *     again; must not block (typically: re-enable {@code autoRead} on the source's channel)
     * @throws IllegalStateException after {@link #close}
     */
    public synchronized SourceFeed attach(String contentType, Runnable resumeReading) {
        if (closed) {
            throw new IllegalStateException(mount + ": transcoder is closed");
        }
        if (current != null) {
            current.discard();
        }
        current = new SourceFeed(contentType, settings.maxQueuedSourceBytes(), resumeReading);
        stats.attached(current);
        pendingFeeds.add(current);
        return current;
    }

    /** {@link #attach(String, Runnable)} for callers that never pause reading. */
    public SourceFeed attach(String contentType) {
        return attach(contentType, () -> { });
    }

    public TranscoderStats stats() {
        return stats;
    }

    public String mount() {
        return mount;
    }

    /** Stops transcoding: flushes the encoders, ends every rung's buffer, frees native state. Blocks. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                current.discard();
            }
        }
        pendingFeeds.add(NO_MORE_SOURCES);
        encodeLoop.stop();
        decoded.close();
        boolean stopped = join(encoderThread) & join(decoderThread);
        if (stopped) {
            decoded.free();
        } else {
            LOG.error("{}: transcoder threads did not stop within {} ms; leaving their native memory", mount,
                    JOIN_MILLIS);
        }
    }

    private void decodeSources(SourceDecoder decoder) {
        try (decoder) {
            for (;;) {
                SourceFeed feed = pendingFeeds.take();
                if (feed == NO_MORE_SOURCES || !decoder.decode(feed)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: decoder thread failed; sources of this mount play as silence", mount, e);
        }
    }

    private static boolean join(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** Opens every rung's encoder and groups the rungs by output format; closes what it opened on failure. */
    private static List<FormatBranch> openBranches(List<RungOutput> outputs, TranscoderSettings settings,
                                                   List<RungStats> rungStats) {
        Map<List<Integer>, List<RungEncoder>> byFormat = new LinkedHashMap<>();
        List<FormatBranch> branches = new ArrayList<>();
        try {
            for (RungOutput output : outputs) {
                RungStats stats = new RungStats(output.rung());
                RungEncoder encoder = new RungEncoder(output, settings, stats);
                rungStats.add(stats);
                byFormat.computeIfAbsent(List.of(output.rung().sampleRate(), output.rung().channels()),
                        format -> new ArrayList<>()).add(encoder);
            }
            for (List<RungEncoder> encoders : byFormat.values()) {
                Rung format = encoders.get(0).rung();
                int fadeSamples = (int) (settings.switchFadeMicros() * format.sampleRate() / 1_000_000);
                branches.add(new FormatBranch(format.sampleRate(), format.channels(), encoders, fadeSamples));
            }
            return branches;
        } catch (RuntimeException e) {
            branches.forEach(FormatBranch::close);
            byFormat.values().stream().skip(branches.size()).flatMap(List::stream).forEach(RungEncoder::close);
            throw e;
        }
    }
}
