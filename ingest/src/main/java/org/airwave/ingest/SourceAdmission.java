package org.airwave.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.airwave.core.format.StreamKind;
import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountPaths;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.StandbyInput;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;

/**
 * The part of accepting a source both protocols share: refusing the server's own paths
 * ({@link MountPaths#reservation}), capacity, claiming the mount, and turning
 * the connection's pipeline into a {@link SourceStreamHandler} with an idle timeout. Threading:
 * immutable; called on the source connection's event loop.
 */
public final class SourceAdmission {

    /** Outcome of an attempt to admit a source. */
    public sealed interface Result permits Admitted, Refused {
    }

    /** The source holds the mount; the caller answers "OK" and calls {@link Admitted#start}. */
    public record Admitted(SourceSession session, SourceAdmission admission) implements Result {

        /**
         * Replaces {@code current} with the source stream handler (after the caller wrote its
         * reply), adding the source idle timeout at the front of the pipeline.
         */
        public void start(ChannelHandlerContext current) {
            ChannelPipeline pipeline = current.pipeline();
            session.onResume(() -> current.channel().eventLoop().execute(
                    () -> current.channel().config().setAutoRead(true)));
            session.onKill(() -> current.channel().eventLoop().execute(() -> {
                session.close("disconnected by an administrator");
                current.channel().close();
            }));
            long idle = admission.settings.sourceIdleTimeout().toMillis();
            pipeline.addFirst("source-idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
            pipeline.replace(current.handler(), "source-stream",
                    new SourceStreamHandler(session, admission.mounts.stats(),
                            admission.settings.sourceIdleTimeout().toSeconds()));
        }
    }

    /** The source may not stream; {@code status} and {@code reason} say why, {@code cause} counts it. */
    public record Refused(HttpResponseStatus status, String reason, RejectReason cause) implements Result {
    }

    private final MountRegistry mounts;
    private final IngestSettings settings;
    private final SourceLogins logins = new SourceLogins();

    public SourceAdmission(MountRegistry mounts, IngestSettings settings) {
        this.mounts = mounts;
        this.settings = settings;
    }

    public IngestSettings settings() {
        return settings;
    }

    /** Logins accepted whose mount is not claimed yet. */
    public SourceLogins logins() {
        return logins;
    }

    /** The mount at {@code path} (made if needed), kept for the server's life (see {@link MountRegistry#mount}). */
    public Mount mount(String path) {
        return mounts.mount(path);
    }

    /**
     * Registers {@code input} on the mount at {@code path}, made if needed but not kept: it ends
     * once the input withdraws and nothing else plays there (see {@link MountRegistry#standBy}).
     */
    public Mount standBy(String path, InputPriority priority, StandbyInput input) {
        return mounts.standBy(path, priority, input);
    }

    /** Counts a refused source or metadata request. */
    public void rejected(Protocol protocol, RejectReason reason) {
        mounts.stats().rejected(protocol, reason);
    }

    /**
     * Claims {@code mountPath} for a source connection described by {@code info} (credentials already
     * checked); the session attaches the mount's transcoder on the connection's event loop.
     */
    public Result admit(String mountPath, SourceInfo info, ChannelHandlerContext ctx) {
        Result result = admit(mountPath, info, ctx.alloc());
        if (result instanceof Admitted admitted) {
            admitted.session().attachTranscoderOn(ctx.executor());
        }
        return result;
    }

    /** Claims {@code mountPath} for a source that allocates its chunks from {@code allocator}. */
    public Result admit(String mountPath, SourceInfo info, ByteBufAllocator allocator) {
        return admit(mountPath, info, allocator, InputPriority.LIVE);
    }

    /**
     * Claims {@code mountPath} for an input of {@code priority}; relays and playlists give way to
     * higher priorities and do not count against {@code limits.max-sources}.
     */
    public Result admit(String mountPath, SourceInfo info, ByteBufAllocator allocator, InputPriority priority) {
        String reserved = MountPaths.reservation(mountPath);
        if (reserved != null) {
            return new Refused(HttpResponseStatus.FORBIDDEN, "Mountpoint not allowed: " + reserved,
                    RejectReason.BAD_REQUEST);
        }
        StreamKind kind = StreamKind.forContentType(info.contentType());
        if (kind == null) {
            return new Refused(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type " + info.contentType() + " (supported: "
                            + String.join(", ", StreamKind.acceptedContentTypes()) + ")", RejectReason.UNSUPPORTED_TYPE);
        }
        if (priority == InputPriority.LIVE && SourceLimits.atCapacity(mounts, settings.maxSources())) {
            return new Refused(HttpResponseStatus.FORBIDDEN,
                    "Too many sources connected (limits.max-sources=" + settings.maxSources() + ")", RejectReason.LIMIT);
        }
        Optional<SourceClaim> claim = mounts.claim(mountPath, info, settings.buffer(), priority);
        if (claim.isEmpty()) {
            return new Refused(HttpResponseStatus.FORBIDDEN, "Mountpoint in use", RejectReason.MOUNT_IN_USE);
        }
        return new Admitted(new SourceSession(claim.get(), kind.newFramer(), settings, allocator), this);
    }
}
