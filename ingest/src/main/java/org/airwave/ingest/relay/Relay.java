package org.airwave.ingest.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.StandbyInput;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RelayStats;
import org.airwave.core.stream.GarbageStreamException;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one mount's stream from other servers, as a listener would, and plays it into the mount
 * with {@link InputPriority#RELAY}: below a live source, above a playlist.
 *
 * <p>Behaviour: each round tries the upstream URLs in priority order (a redirect is followed at once,
 * at most {@code relay.max-redirects} times per attempt); the first that answers 200 with a supported
 * content type plays. When the upstream is lost or every URL failed, the next round starts after a
 * {@link Backoff} (capped, jittered), from the first URL again. While the upstream is away the relay
 * keeps its hold on the mount when nothing stands by below it (passthrough listeners stay connected;
 * transcoded renditions play silence) and releases it when a playlist stands by (the playlist plays
 * until the upstream is back, then the relay takes the mount again). While it plays a fallback URL (not
 * the first), it asks the URLs before it every {@code relay.preferred-check-seconds} on a second
 * connection; the first that answers with audio becomes the playing connection and the fallback's is
 * closed, so the relay returns to the preferred upstream without a gap. An upstream that is too slow
 * or whose Airwave mount has no input ({@link UpstreamHealth}) is left for the next URL; when nothing
 * else could play, one without input plays on and the relay passes that state on to its own mount. A
 * live source takes the mount at once: the relay drops its upstream connection and reconnects when
 * asked to resume. On demand, the relay only connects while the mount has listeners.
 *
 * <p>Threading: everything runs on one event loop (the connections' own), so no state is shared
 * between threads; {@link #start}, {@link #close}, {@link #yieldToHigher} and {@link #resume} may be
 * called from any thread and hand over to it.
 */
public final class Relay implements StandbyInput {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** How often an on-demand relay looks at its mount's listener count. */
    static final long ON_DEMAND_CHECK_MILLIS = 1000;

    private final String mountPath;
    private final List<RelayTarget> targets;
    private final boolean onDemand;
    private final SourceAdmission admission;
    private final RelaySettings settings;
    private final EventLoop loop;
    private final Class<? extends Channel> channelClass;
    private final Backoff backoff;
    private final RelayStats stats;

    /** Set by {@link #start}. */
    private volatile Mount mount;
    private Channel channel;
    private SourceSession session;
    /** Index in {@link #targets} of the URL being tried or played (a redirect keeps its index). */
    private int targetIndex;
    /** A second connection asking a URL before the playing one whether it is back, or null. */
    private Channel probe;
    private int probeIndex;
    private ScheduledFuture<?> preferredCheck;
    private int redirectsLeft;
    private int failedRounds;
    private boolean everConnected;
    private boolean yielded;
    private boolean closed;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> demandCheck;
    /** Watches the playing connection's rate and its mount's input state, or null when none plays. */
    private UpstreamHealth health;

    /**
     * @param loop the event loop this relay and its connections run on (one of the server's workers)
     * @param channelClass the socket channel type of the server's transport (epoll or NIO)
     * @param stats the mount's relay counters (kept by whoever starts relays, so that a relay replaced
     *     at runtime counts on where its predecessor stopped)
     */
    public Relay(String mountPath, List<RelayTarget> targets, boolean onDemand, SourceAdmission admission,
                 RelaySettings settings, EventLoop loop, Class<? extends Channel> channelClass, RelayStats stats) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("relay of " + mountPath + " needs at least one upstream URL");
        }
        this.mountPath = mountPath;
        this.targets = List.copyOf(targets);
        this.onDemand = onDemand;
        this.admission = admission;
        this.settings = settings;
        this.loop = loop;
        this.channelClass = channelClass;
        this.stats = stats;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public String mountPath() {
        return mountPath;
    }

    /** Its counters (connected, reconnects, bytes), for monitoring. */
    public RelayStats stats() {
        return stats;
    }

    RelaySettings settings() {
        return settings;
    }

    /** Registers with the mount and starts connecting (on demand: once listeners come). */
    public void start() {
        mount = admission.standBy(mountPath, InputPriority.RELAY, this);
        onLoop(() -> {
            if (onDemand) {
                demandCheck = loop.scheduleWithFixedDelay(this::checkDemand, 0, ON_DEMAND_CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
            } else {
                startRound();
            }
        });
        LOG.info("relay of {} from {}{}", mountPath, targets, onDemand ? " (on demand)" : "");
    }

    /**
     * Stops for good: drops the upstream, releases the mount, unregisters. Returns at once; the
     * future completes once the mount is released.
     */
    public Future<?> close() {
        Mount standingOn = mount;
        if (standingOn != null) {
            standingOn.withdraw(InputPriority.RELAY, this);
        }
        return loop.submit(() -> {
            closed = true;
            if (demandCheck != null) {
                demandCheck.cancel(false);
            }
            disconnect("relay stopped");
        });
    }

    @Override
    public void yieldToHigher() {
        onLoop(() -> {
            LOG.info("relay of {} pauses: a live source took over", mountPath);
            yielded = true;
            disconnect("a live source took over");
        });
    }

    @Override
    public void resume() {
        onLoop(() -> {
            yielded = false;
            if (closed || channel != null || session != null || (onDemand && mount().listeners() == 0)) {
                mount().passOn(InputPriority.RELAY);
                return;
            }
            LOG.info("relay of {} resumes", mountPath);
            startRound();
        });
    }

    private void checkDemand() {
        boolean wanted = mount().listeners() > 0;
        if (wanted && channel == null && retry == null && !yielded) {
            startRound();
        } else if (!wanted && (channel != null || retry != null)) {
            LOG.info("relay of {}: no listeners left, disconnecting (on demand)", mountPath);
            disconnect("no listeners (on demand)");
        }
    }

    private boolean wanted() {
        return !closed && !yielded && (!onDemand || mount().listeners() > 0);
    }

    /** A round of attempts, from the first (preferred) upstream. */
    private void startRound() {
        cancelRetry();
        targetIndex = 0;
        attempt(targets.get(0), settings.maxRedirects());
    }

    private void attempt(RelayTarget target, int redirects) {
        if (!wanted()) {
            return;
        }
        redirectsLeft = redirects;
        ChannelFuture connecting = connect(target);
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess() && connecting.channel() == channel) {
                channel = null;
                attemptFailed(target, "cannot connect: " + done.cause().getMessage());
            }
        });
    }

    /** Opens a connection to {@code target} that asks for its stream as a listener would. */
    private ChannelFuture connect(RelayTarget target) {
        RelaySettings limits = settings;
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(limits.readTimeout().toMillis(), 0, 0,
                                        TimeUnit.MILLISECONDS))
                                .addLast("head", new UpstreamHeadDecoder(limits.maxHeadBytes()))
                                .addLast("relay", new RelayConnection(Relay.this, target));
                    }
                })
                .connect(target.host(), target.port());
    }

    /**
     * The upstream's response head arrived: play, follow a redirect, or give up on this URL.
     * {@code upstreamHasInput} is false when its first ICY block said its mount has no input: such an
     * upstream is skipped when anything else could play (another URL, or an input standing by).
     */
    void onHead(Channel from, RelayTarget target, UpstreamResponse response, boolean upstreamHasInput) {
        if (from == probe) {
            probeAnswered(target, upstreamHasInput ? response : null);
            return;
        }
        if (from != channel) {
            from.close();
            return;
        }
        if (!upstreamHasInput && hasAlternative()) {
            dropConnection();
            attemptFailed(target, "its mount has no input (" + StreamMetadata.NO_INPUT_ICY_FIELD + ")");
            return;
        }
        if (response.isRedirect()) {
            dropConnection();
            if (redirectsLeft <= 0) {
                attemptFailed(target, "too many redirects (relay.max-redirects=" + settings.maxRedirects() + ")");
                return;
            }
            RelayTarget next;
            try {
                next = target.resolve(response.header("location"));
            } catch (IllegalArgumentException e) {
                attemptFailed(target, e.getMessage());
                return;
            }
            LOG.info("relay of {}: {} redirects to {}", mountPath, target, next);
            attempt(next, redirectsLeft - 1);
            return;
        }
        if (response.status() != 200) {
            dropConnection();
            attemptFailed(target, "upstream answered " + response);
            return;
        }
        if (!play(target, response)) {
            dropConnection();
        }
    }

    /** Claims the mount (or keeps the held session when the format is the same); false if it cannot. */
    private boolean play(RelayTarget target, UpstreamResponse response) {
        String contentType = response.contentType().isEmpty() ? "audio/mpeg" : response.contentType();
        if (session != null && !session.contentType().equals(contentType)) {
            endSession("upstream format changed to " + contentType);
        }
        if (session == null) {
            SourceInfo info = new SourceInfo(Protocol.RELAY, contentType, response.header("icy-name"),
                    response.header("icy-description"), response.header("icy-genre"), response.header("icy-url"),
                    "1".equals(response.header("icy-pub")), response.header("icy-br"),
                    response.header("ice-audio-info"), response.header("server"), target.toString(), Instant.now());
            SourceAdmission.Result result = admission.admit(mountPath, info, channel.alloc(), InputPriority.RELAY);
            if (result instanceof SourceAdmission.Refused refused) {
                if (refused.status().code() == 403) {
                    LOG.info("relay of {}: {} is up, but a live source holds the mount; standing by", mountPath,
                            target);
                    yielded = true;
                    stats.failed();
                    return false;
                }
                attemptFailed(target, refused.reason());
                return false;
            }
            session = ((SourceAdmission.Admitted) result).session();
            session.onKill(() -> onLoop(() -> {
                LOG.info("relay of {} disconnected by an administrator; reconnecting later", mountPath);
                lose("disconnected by an administrator", true);
            }));
        }
        Channel playing = channel;
        session.onResume(() -> onLoop(() -> playing.config().setAutoRead(true)));
        stats.connected(everConnected);
        everConnected = true;
        failedRounds = 0;
        LOG.info("relay of {} playing {} ({}, {})", mountPath, target, response, contentType);
        schedulePreferredCheck();
        stopHealth();
        health = new UpstreamHealth(settings, loop, session::streamMicros, this::failOver);
        return true;
    }

    /** While a fallback URL plays, asks the URLs before it again after {@code relay.preferred-check-seconds}. */
    private void schedulePreferredCheck() {
        cancelPreferredCheck();
        if (targetIndex == 0 || settings.preferredCheck().isZero() || !wanted()) {
            return;
        }
        preferredCheck = loop.schedule(() -> {
            preferredCheck = null;
            probe(0);
        }, settings.preferredCheck().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks URL {@code index} (one before the playing one) for its stream on a second connection. */
    private void probe(int index) {
        if (!wanted() || channel == null || session == null) {
            return;   // not playing: the next upstream that plays schedules the check again
        }
        if (index >= targetIndex) {
            schedulePreferredCheck();
            return;
        }
        probeIndex = index;
        RelayTarget target = targets.get(index);
        ChannelFuture connecting = connect(target);
        probe = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess() && connecting.channel() == probe) {
                probe = null;
                probe(index + 1);
            }
        });
    }

    /**
     * A preferred URL answered the probe: with audio, its connection takes over from the fallback's
     * (the session, and so the listeners, stay); otherwise (null: its mount has no input) the next
     * preferred URL is asked.
     */
    private void probeAnswered(RelayTarget target, UpstreamResponse response) {
        Channel answered = probe;
        probe = null;
        if (response == null || response.status() != 200) {   // a redirect only a full round follows
            answered.close();
            probe(probeIndex + 1);
            return;
        }
        LOG.info("relay of {}: preferred upstream {} is back, switching from {}", mountPath, target,
                targets.get(targetIndex));
        Channel fallback = channel;
        channel = answered;
        targetIndex = probeIndex;
        fallback.close();
        session.flush();
        if (!play(target, response)) {
            lose("preferred upstream " + target + " could not play", true);
        }
    }

    void onAudio(Channel from, ByteBuf audio) {
        if (from != channel || session == null) {
            audio.release();
            return;
        }
        stats.received(audio.readableBytes());
        try {
            if (!session.feed(audio)) {
                from.config().setAutoRead(false);
            }
        } catch (GarbageStreamException e) {
            lose("upstream sends no audio: " + e.getMessage(), true);
        }
    }

    /**
     * A metadata block from the upstream: its title becomes the mount's. A block saying the upstream's
     * mount has no input is passed on to this mount when nothing else could play (a mirror edge tells
     * its own relays); otherwise the upstream is dropped if the state lasts
     * {@code relay.no-input-grace-seconds} (a DJ's reconnect is not a failover).
     */
    void onTitle(Channel from, IcyTitle title) {
        if (from != channel || session == null) {
            return;
        }
        if (!title.noInput()) {
            session.flush();
            session.mount().updateMetadata(title.title(), "");
        } else if (!hasAlternative()) {
            session.flush();
            session.mount().markNoInput();
            return;
        }
        if (health != null) {
            health.inputState(title.noInput());
        }
    }

    /** Whether something could play instead of this relay's upstream: another URL, or a standby input. */
    private boolean hasAlternative() {
        return targets.size() > 1 || mount().hasStandbyBelow(InputPriority.RELAY);
    }

    /** The connection closed (upstream gone, timed out, or closed by us). */
    void onConnectionEnded(Channel from, String reason) {
        if (from == probe) {
            probe = null;
            probe(probeIndex + 1);
            return;
        }
        if (from != channel) {
            return;
        }
        channel = null;
        if (stats.isConnected()) {
            lose(reason, false);
        } else {
            attemptFailed(null, reason);
        }
    }

    /**
     * The playing upstream is gone: release the mount ({@code endSession}, or when an input stands by
     * below) or keep it, then reconnect after a backoff.
     */
    private void lose(String reason, boolean endSession) {
        dropPlaying(reason, endSession);
        failedRounds++;
        scheduleRound();
    }

    /**
     * The playing upstream answers but is of no use (too slow, or its mount has no input): drop it as
     * lost and go on with the next URL at once; after the last one, a new round starts after the backoff.
     */
    private void failOver(String reason) {
        dropPlaying(reason, false);
        if (++targetIndex < targets.size()) {
            attempt(targets.get(targetIndex), settings.maxRedirects());
            return;
        }
        failedRounds++;
        scheduleRound();
    }

    private void dropPlaying(String reason, boolean endSession) {
        LOG.warn("relay of {} lost its upstream: {}", mountPath, reason);
        dropConnection();
        stats.disconnected();
        if (endSession || mount().hasStandbyBelow(InputPriority.RELAY)) {
            endSession("upstream lost: " + reason);
        }
    }

    /** An attempt failed: try the next URL now, or after a full round wait and start over. */
    private void attemptFailed(RelayTarget target, String reason) {
        stats.failed();
        if (yielded || closed) {
            return;
        }
        LOG.warn("relay of {}: {} failed: {}", mountPath, target == null ? targets.get(targetIndex) : target, reason);
        if (session == null) {
            mount().passOn(InputPriority.RELAY);
        }
        if (++targetIndex < targets.size()) {
            attempt(targets.get(targetIndex), settings.maxRedirects());
            return;
        }
        failedRounds++;
        scheduleRound();
    }

    private void scheduleRound() {
        if (!wanted()) {
            return;
        }
        cancelRetry();
        long millis = backoff.delay(failedRounds).toMillis();
        LOG.info("relay of {}: next attempt in {} ms", mountPath, millis);
        retry = loop.schedule(() -> {
            retry = null;
            startRound();
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Drops the upstream and the mount on purpose (yield, on-demand idle, close). */
    private void disconnect(String reason) {
        cancelRetry();
        dropConnection();
        if (stats.isConnected()) {
            stats.disconnected();
        }
        endSession(reason);
    }

    /** Closes the upstream connection, and with it any probe of a preferred URL. */
    private void dropConnection() {
        cancelPreferredCheck();
        stopHealth();
        Channel open = channel;
        Channel probing = probe;
        channel = null;
        probe = null;
        if (open != null) {
            open.close();
        }
        if (probing != null) {
            probing.close();
        }
    }

    private void stopHealth() {
        if (health != null) {
            health.stop();
            health = null;
        }
    }

    private void cancelPreferredCheck() {
        if (preferredCheck != null) {
            preferredCheck.cancel(false);
            preferredCheck = null;
        }
    }

    private void endSession(String reason) {
        if (session != null) {
            session.close(reason);
            session = null;
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    /** Runs {@code task} on the relay's event loop; nothing happens once the server stopped it. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("relay of {}: event loop already stopped", mountPath);
        }
    }

    /** The mount the relay stands by on (from {@link #start}, which must come first; it does not end while the relay stands by). */
    private Mount mount() {
        return mount;
    }
}
