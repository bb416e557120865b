package org.airwave.app.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.airwave.app.config.AirwaveConfig;
import org.airwave.app.config.ConfigException;
import org.airwave.app.config.ConfiguredSourceAccess;
import org.airwave.app.config.ModuleSettings;
import org.airwave.app.config.PlaylistPlan;
import org.airwave.app.limits.AcceptBackoff;
import org.airwave.app.limits.ConnectionCounts;
import org.airwave.app.limits.ConnectionGate;
import org.airwave.app.limits.ConnectionLimits;
import org.airwave.app.limits.DescriptorLimit;
import org.airwave.app.limits.RefusalBursts;
import org.airwave.app.mirror.OriginMirror;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.ingest.IngestSettings;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.http.HeadLimits;
import org.airwave.ingest.fallback.MountFallback;
import org.airwave.ingest.http.RequestHeadDecoder;
import org.airwave.ingest.playlist.PlaylistEntry;
import org.airwave.ingest.playlist.PlaylistSource;
import org.airwave.ingest.playlist.TrackConverter;
import org.airwave.ingest.playlist.TrackLoader;
import org.airwave.ingest.relay.RelayTarget;
import org.airwave.ingest.relay.Relays;
import org.airwave.ingest.shoutcast.ShoutcastSourceDecoder;
import org.airwave.monitoring.Monitoring;
import org.airwave.monitoring.RelayMeters;
import org.airwave.serve.ServeSettings;
import org.airwave.transcode.TrackEncoder;
import org.airwave.serve.status.MountRenditions;
import org.airwave.serve.status.StatusSettings;
import org.airwave.serve.web.WebRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the main port (listeners, Icecast sources, admin) and port+1 (SHOUTcast v1
 * sources, plain HTTP too), sharing one set of mounts. {@link #start()} binds both ports;
 * {@link #close()} closes the listening sockets, then every connection (sources end, listeners get
 * a FIN), then the event loops.
 *
 * <p>Threading: start and close from one thread; everything else runs on Netty's event loops.
 */
public final class AirwaveServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AirwaveServer.class);
    /**
     * Connections the kernel may hold for the acceptor (capped by net.core.somaxconn): a burst of
     * listeners beyond it loses SYNs, and each lost SYN costs its listener a one-second retry.
     */
    private static final int ACCEPT_BACKLOG = 4096;

    /** Sample rate of the MP3 that non-MP3 playlist tracks become (that of most MP3 music). */
    private static final int PLAYLIST_SAMPLE_RATE = 44100;

    private final AirwaveConfig config;
    private final PlaylistPlan playlistPlan;
    private final ScheduledExecutorService lingerTimer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("airwave-mount-linger"));
    private final MountRegistry mounts;
    private final List<PlaylistSource> playlists = new ArrayList<>();
    private ScheduledExecutorService playlistThread;
    private ExecutorService trackLoaderThread;
    private Relays relays;
    private OriginMirror mirror;
    private final List<MountFallback> fallbacks = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("airwave", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Monitoring monitoring;
    private MountTranscoders transcoders;
    private WebRoutes web;
    private Channel mainChannel;
    private Channel shoutcastChannel;
    private Channel managementChannel;

    /**
     * @param playlistPlan the playlists to play (see {@link PlaylistPlan#of})
     */
    public AirwaveServer(AirwaveConfig config, PlaylistPlan playlistPlan) {
        this.config = config;
        this.playlistPlan = playlistPlan;
        this.mounts = new MountRegistry(ModuleSettings.mountLinger(config), this::afterLinger);
        mounts.onEveryEnd(mount -> LOG.info("{} ended: no input for {} s (limits.mount-linger-seconds)",
                mount.path(), config.limits().mountLingerSeconds()));
        for (AirwaveConfig.MountSettings mount : config.mounts()) {
            mounts.mount(mount.path());
        }
    }

    private void afterLinger(Duration delay, Runnable task) {
        try {
            lingerTimer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("a mount's linger after close ignored (the server is stopping)");
        }
    }

    public MountRegistry mounts() {
        return mounts;
    }

    /**
     * Binds the ports; throws a {@link ConfigException} naming the address, port and key if one
     * cannot be bound (the others are then closed too).
     */
    public AirwaveServer start() throws InterruptedException, ConfigException {
        acceptors = Transport.group(1);
        workers = Transport.group(Transport.eventLoopsPerProcess());
        SourceAccess access = new ConfiguredSourceAccess(config);
        IngestSettings ingest = ModuleSettings.ingest(config);
        ServeSettings serve = ModuleSettings.serve(config);
        HeadLimits head = ModuleSettings.head(config);
        SourceAdmission admission = new SourceAdmission(mounts, ingest);
        monitoring = new Monitoring(mounts, workers);
        CredentialCheck metricsAuth = config.monitoring().metricsAuth() ? access.adminCheck("metrics") : null;
        Runnable headTimeout = () -> mounts.stats().rejected(Protocol.HTTP, RejectReason.TIMEOUT);
        ConnectionCounts limits = connectionLimits();
        RefusalBursts refusals = new RefusalBursts(System::nanoTime);
        ConnectionGate httpGate = new ConnectionGate(limits, Protocol.HTTP, mounts.stats(), refusals);
        ConnectionGate shoutcastGate = new ConnectionGate(limits, Protocol.SHOUTCAST, mounts.stats(), refusals);
        web = new WebRoutes(mounts, new MountRenditions(mounts), new StatusSettings(Clock.systemUTC(), Instant.now(),
                serve.publicHost(), serve.maxListeners(),
                config.shoutcast().sids() == null ? Map.of() : config.shoutcast().sids()), access.adminCheck("admin"));
        try {
            mainChannel = bootstrap(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast("limits", httpGate)
                            .addLast("head", new RequestHeadDecoder(head, headTimeout))
                            .addLast("http-encoder", new HttpResponseEncoder())
                            .addLast("router", new RequestRouter(mounts, access, ingest, admission, serve, mainPortMonitoring(),
                                    metricsAuth, web, connections));
                    RequestGuard.install(ch.pipeline(), Protocol.HTTP, mounts.stats());
                }
            }, Protocol.HTTP, config.server().port(), "server.port");
            shoutcastChannel = bootstrap(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast("limits", shoutcastGate)
                            .addLast("shoutcast", new ShoutcastSourceDecoder(admission, access,
                                    pipeline -> httpFallback(pipeline, head, access, ingest, admission, serve,
                                            metricsAuth)))
                            .addLast("http-encoder", new HttpResponseEncoder());
                    RequestGuard.install(ch.pipeline(), Protocol.SHOUTCAST, mounts.stats());
                }
            }, Protocol.SHOUTCAST, config.server().port() + 1, "server.port + 1, the SHOUTcast v1 port");
            if (config.monitoring().hasOwnPort()) {
                managementChannel = bootstrap(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("limits", httpGate)
                                .addLast("head", new RequestHeadDecoder(head, headTimeout))
                                .addLast("http-encoder", new HttpResponseEncoder())
                                .addLast("router", new ManagementRouter(mounts, monitoring, metricsAuth));
                        RequestGuard.install(ch.pipeline(), Protocol.HTTP, mounts.stats());
                    }
                }, Protocol.HTTP, managementBind(), config.monitoring().port(), "monitoring.port");
                LOG.info("/metrics and /health on {}:{}", managementBind(), config.monitoring().port());
            }
            transcoders = new MountTranscoders(config, monitoring.registry());
            transcoders.attachTo(mounts, path -> mirror != null && mirror.isMirrored(path));
            startPlaylists(admission);
            startRelays(admission);
            startMirror();
            startFallbacks(admission);
        } catch (InterruptedException | ConfigException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Airwave listening on {}:{} (listeners, Icecast sources) and {}:{} (SHOUTcast v1 sources), {} transport",
                config.server().bind(), port(), config.server().bind(), port() + 1,
                Transport.isNative() ? "epoll" : "nio");
        return this;
    }

    private void startPlaylists(SourceAdmission admission) {
        if (playlistPlan.playlists().isEmpty()) {
            return;
        }
        playlistThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("airwave-playlists"));
        trackLoaderThread = Executors.newSingleThreadExecutor(DaemonThreads.named("airwave-track-loader"));
        TrackEncoder encoder = new TrackEncoder(config.transcode().playlistBitrate(), PLAYLIST_SAMPLE_RATE, 2);
        TrackLoader loader = new TrackLoader(location -> {
            TrackEncoder.EncodedTrack track = encoder.encode(location);
            return new TrackConverter.Converted(track.mp3(), track.artist(), track.title());
        }, trackLoaderThread);
        for (Map.Entry<String, List<PlaylistEntry>> playlist : playlistPlan.playlists().entrySet()) {
            PlaylistSource source = new PlaylistSource(playlist.getKey(), playlist.getValue(),
                    playlistPlan.shuffled().contains(playlist.getKey()), admission, playlistThread, loader);
            source.start();
            playlists.add(source);
            LOG.info("{} plays at http://{}{}", playlist.getKey().equals(config.demo().mount()) && config.playsDemo()
                    ? "The demo station" : "A playlist", ModuleSettings.serve(config).publicHost(), playlist.getKey());
        }
    }

    private void startRelays(SourceAdmission admission) {
        relays = new Relays(admission, ModuleSettings.relay(config), workers, Transport.socketChannel(),
                relay -> new RelayMeters(relay.mountPath(), relay.stats()).bindTo(monitoring.registry()));
        for (AirwaveConfig.RelaySource source : config.relays()) {
            relays.add(source.mount(), source.urls().stream().map(RelayTarget::parse).toList(), source.isOnDemand());
        }
    }

    private void startMirror() {
        if (!config.mirror().isEdge()) {
            return;
        }
        mirror = new OriginMirror(config.mirror().origin(), Duration.ofSeconds(config.mirror().pollSeconds()),
                ModuleSettings.relay(config).readTimeout(), relays, this::feedsItself);
        mirror.start();
    }

    private void startFallbacks(SourceAdmission admission) {
        for (AirwaveConfig.MountSettings mount : config.mounts()) {
            if (mount.fallbackMount() != null) {
                MountFallback fallback = new MountFallback(mount.path(), mount.fallbackMount(), admission, workers.next());
                fallback.start();
                fallbacks.add(fallback);
            }
        }
    }

    /** Whether a mount has an input configured here (a relay or a playlist), which a mirror leaves alone. */
    private boolean feedsItself(String mountPath) {
        return playlistPlan.playlists().containsKey(mountPath)
                || config.relays().stream().anyMatch(relay -> relay.mount().equals(mountPath));
    }

    /** The relay pulls, to add or remove at runtime (null before {@link #start()}). */
    public Relays relays() {
        return relays;
    }

    private void httpFallback(ChannelPipeline pipeline, HeadLimits head, SourceAccess access, IngestSettings ingest,
                              SourceAdmission admission, ServeSettings serve, CredentialCheck metricsAuth) {
        pipeline.addAfter("shoutcast", "head", new RequestHeadDecoder(head))
                .addBefore(RequestGuard.NAME, "router", new RequestRouter(mounts, access, ingest, admission, serve,
                        mainPortMonitoring(), metricsAuth, web, connections));
    }

    /** The registry /metrics and /health report on the main port, or null when they have a port of their own. */
    private Monitoring mainPortMonitoring() {
        return config.monitoring().hasOwnPort() ? null : monitoring;
    }

    private String managementBind() {
        return config.monitoring().bind().isBlank() ? config.server().bind() : config.monitoring().bind();
    }

    /** The connection limits of this process, logged (the total may be derived from the descriptor limit). */
    private ConnectionCounts connectionLimits() {
        long descriptors = DescriptorLimit.ofThisProcess();
        ConnectionLimits limits = ModuleSettings.connections(config, descriptors);
        LOG.info("At most {} connections (limits.max-connections{}), {} with an unfinished request head per client"
                        + " address (limits.max-pending-heads-per-address), {} per client address"
                        + " (limits.max-connections-per-address){}", limits.maxConnections(),
                config.limits().maxConnections() > 0 ? "" : "; descriptor limit " + descriptors,
                limits.maxPendingHeadsPerAddress(),
                limits.maxConnectionsPerAddress() > 0 ? limits.maxConnectionsPerAddress() : "any number",
                limits.trusted().isEmpty() ? "" : "; trusted: " + config.limits().trustedAddresses());
        return new ConnectionCounts(limits);
    }

    private Channel bootstrap(ChannelInitializer<SocketChannel> initializer, Protocol protocol, int port, String key)
            throws InterruptedException, ConfigException {
        return bootstrap(initializer, protocol, config.server().bind(), port, key);
    }

    /**
     * Binds {@code bind:port}; a port in use (or any bind failure) is reported against {@code key}.
     *
     * @param protocol the {@code protocol} tag of the port's rejections
     */
    private Channel bootstrap(ChannelInitializer<SocketChannel> initializer, Protocol protocol, String bind, int port,
                              String key) throws InterruptedException, ConfigException {
        AirwaveConfig.Listeners listeners = config.listeners();
        ChannelFuture bound = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(Transport.serverChannel())
                .handler(new AcceptBackoff(protocol, mounts.stats(), System::nanoTime))
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(listeners.writeBufferLowBytes(), listeners.writeBufferHighBytes()))
                .childHandler(initializer)
                .bind(new InetSocketAddress(bind, port))
                .await();
        if (!bound.isSuccess()) {
            throw new ConfigException("cannot listen on " + bind + ":" + port + " (" + key + "): "
                    + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    /** The main port actually bound (differs from the configured one when that was 0 in tests). */
    public int port() {
        return ((InetSocketAddress) mainChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        lingerTimer.shutdownNow();
        if (mirror != null) {
            mirror.close();
        }
        fallbacks.forEach(MountFallback::close);
        if (relays != null) {
            relays.close();
        }
        playlists.forEach(PlaylistSource::close);
        if (transcoders != null) {
            transcoders.close();
        }
        if (trackLoaderThread != null) {
            trackLoaderThread.shutdownNow();
        }
        if (playlistThread != null) {
            playlistThread.shutdown();
            try {
                playlistThread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mainChannel != null) {
            mainChannel.close().syncUninterruptibly();
        }
        if (shoutcastChannel != null) {
            shoutcastChannel.close().syncUninterruptibly();
        }
        if (managementChannel != null) {
            managementChannel.close().syncUninterruptibly();
        }
        // Listener sockets written directly are not in the connection group: their streams close them.
        int listeners = 0;
        for (Mount mount : mounts.all()) {
            for (ListenerHandle listener : mount.connectedListeners()) {
                listener.serverStopping();
                listeners++;
            }
        }
        if (listeners > 0) {
            LOG.info("closing {} listener connections: the server is stopping", listeners);
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (monitoring != null) {
            monitoring.close();
        }
        LOG.info("Airwave stopped");
    }
}
