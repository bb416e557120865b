package org.airwave.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.airwave.core.format.AudioFramer;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceTap;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.ChunkAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected live source: its claim on the mount and the assembler that turns its bytes into
 * chunks. Protocol handlers (Icecast, SHOUTcast) create it once the handshake is accepted.
 *
 * <p>Ownership and threading: owned by the source connection (or playlist) and used only on its
 * thread (the connection's event loop, or the playlist's thread).
 * {@link #close(String)} is idempotent, logs the end once and releases the claim, so listeners of
 * the source's stream drain what is buffered and are then closed.
 */
public final class SourceSession {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSession.class);

    private final SourceClaim claim;
    private final ChunkAssembler assembler;
    private final Instant started = Instant.now();
    private long bytesReceived;
    private boolean closed;
    private SourceTap tap;
    private volatile Runnable resumeReading = () -> { };

    public SourceSession(SourceClaim claim, AudioFramer framer, IngestSettings settings, ByteBufAllocator allocator) {
        this.claim = claim;
        Mount mount = claim.mount();
        this.assembler = new ChunkAssembler(framer, claim.buffer(), mount::metadata,
                title -> mount.updateMetadata(title, ""), allocator,
                settings.chunkMicros(), settings.maxChunkBytes(), settings.maxGarbageBytes());
        LOG.info("source connected to {} ({}, {}, from {}, agent '{}')", mount.path(), claim.info().protocol(),
                claim.info().contentType(), claim.info().remoteAddress(), claim.info().userAgent());
    }

    public Mount mount() {
        return claim.mount();
    }

    /** How the source connected. */
    public Protocol protocol() {
        return claim.info().protocol();
    }

    /** The content type the source declared (decides the framer), e.g. audio/mpeg. */
    public String contentType() {
        return claim.info().contentType();
    }

    /** Sets what an admin kill of this source does (see {@link SourceClaim#kill()}). */
    public void onKill(Runnable disconnect) {
        claim.onKill(disconnect);
    }

    /**
     * Attaches the mount's transcoder on {@code sessionThread} as soon as it starts, instead of with the
     * next bytes: a source that uploaded a whole file before the transcoder ran sends no next bytes.
     */
    public void attachTranscoderOn(Executor sessionThread) {
        Runnable attach = () -> sessionThread.execute(() -> {
            if (!closed) {
                tap();
            }
        });
        claim.onTranscodingStarted(attach);
        attach.run();
    }

    /** Sets what resumes reading after {@link #feed} asked to pause (the channel's autoRead). */
    public void onResume(Runnable resume) {
        this.resumeReading = resume;
    }

    /**
     * Feeds audio bytes to the mount's passthrough stream and, when the mount transcodes, to its
     * transcoder (sharing the memory, no copy); ownership of {@code data} passes to the session.
     *
     * @return false when the transcoder's queue is full: stop reading until the resume callback
     * @throws org.airwave.core.stream.GarbageStreamException when the source sends no audio
     */
    public boolean feed(ByteBuf data) {
        if (closed) {
            data.release();
            return true;
        }
        bytesReceived += data.readableBytes();
        claim.mount().stats().receivedFromSource(data.readableBytes());
        boolean more = true;
        SourceTap transcoder = tap();
        if (transcoder != null) {
            more = transcoder.offer(data.retainedDuplicate());
        }
        assembler.feed(data);
        return more;
    }

    /**
     * The transcoder tap, attached on first use once the mount has a transcoder. A transcoder starts
     * after the source when the source's connection made the mount: it is then first given what the
     * source sent before (the buffer's window and the assembler's unappended bytes), or an Ogg source
     * uploaded faster than real time, whose header pages come only once, would decode to nothing.
     */
    private SourceTap tap() {
        if (tap == null) {
            tap = claim.mount().transcoding()
                    .map(t -> t.input().attach(claim.info().contentType(), () -> resumeReading.run()))
                    .orElse(null);
            if (tap != null && claim.buffer().replayWindow(tap::offer)) {
                assembler.replayUnappended(tap::offer);
            }
        }
        return tap;
    }

    /** Appends the frames received so far as a chunk now (e.g. before a title change between tracks). */
    public void flush() {
        if (!closed) {
            assembler.flush();
        }
    }

    /** Audio time appended to the mount's buffer so far, in microseconds. Session thread only. */
    public long streamMicros() {
        return claim.buffer().streamMicros();
    }

    /** Ends the session (idempotent): flushes whole frames, releases the mount. */
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (tap != null) {
                tap.end();
            }
            assembler.close();
        } finally {
            claim.release();
        }
        LOG.info("source left {} after {} s, {} bytes: {}", claim.mount().path(),
                Duration.between(started, Instant.now()).toSeconds(), bytesReceived, reason);
    }
}
