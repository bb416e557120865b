package org.airwave.serve.listener;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.airwave.core.stats.Protocol;
import org.airwave.core.text.Printable;
import org.airwave.core.format.StreamKind;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountPaths;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stats.RejectReason;
import org.airwave.serve.ServeSettings;
import org.airwave.serve.icy.IcyInterleaver;
import org.airwave.serve.playlist.Playlists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a listener's request on the main port: CORS preflight ({@code OPTIONS}), playlists
 * ({@code /live.m3u}, {@code .pls}, {@code .xspf}), and {@code GET}/{@code HEAD} of a mount. A GET of
 * a live mount gets the response head, then the connection becomes a {@link ListenerStream}: on
 * epoll a {@link SocketListenerStream} that writes the socket itself (the connection leaves Netty),
 * on other transports a {@link ChannelListenerStream} in the pipeline (the HTTP encoder leaves it). A mount with no
 * source is 404; {@code Range} is ignored (live streams answer 200).
 *
 * <p>Stateless apart from its collaborators; one per request, on the event loop. Expects an
 * {@link HttpResponseEncoder} in the pipeline.
 */
public final class ListenerRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerRequestHandler.class);

    private final MountRegistry mounts;
    private final ServeSettings settings;
    private final ChannelGroup connections;
    private final long receivedNanos = System.nanoTime();

    /**
     * @param connections the server's open connections (closed when it stops); a listener whose
     *                    socket leaves Netty leaves the group, its stream then ends with its mount
     */
    public ListenerRequestHandler(MountRegistry mounts, ServeSettings settings, ChannelGroup connections) {
        this.mounts = mounts;
        this.settings = settings;
        this.connections = connections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        RequestTarget requestTarget = RequestTarget.parse(request.uri());
        if (requestTarget.badPathEscape()) {
            LOG.info("{}: listener refused: bad percent escape in {}", ctx.channel().remoteAddress(),
                    Printable.of(request.uri()));
            mounts.stats().rejected(Protocol.HTTP, RejectReason.BAD_REQUEST);
            send(ctx, text(HttpResponseStatus.BAD_REQUEST,
                    "Bad request target: a '%' must be followed by two hex digits"));
            return;
        }
        String path = requestTarget.path();
        if (request.method().equals(HttpMethod.OPTIONS)) {
            FullHttpResponse response = empty(HttpResponseStatus.NO_CONTENT);
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
            send(ctx, response);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            mounts.stats().rejected(Protocol.HTTP, RejectReason.METHOD_NOT_ALLOWED);
            FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method " + request.method() + " not allowed here");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            send(ctx, response);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        Optional<Playlists.Request> playlist = Playlists.Request.parse(path);
        if (playlist.isPresent()) {
            servePlaylist(ctx, request, playlist.get(), head);
            return;
        }
        String problem = MountPaths.problem(path);
        if (problem != null) {
            LOG.info("{}: listener refused: bad mount {}: {}", ctx.channel().remoteAddress(), Printable.of(path), problem);
            mounts.stats().rejected(Protocol.HTTP, RejectReason.BAD_REQUEST);
            send(ctx, text(HttpResponseStatus.BAD_REQUEST, "Bad mount: " + problem), head);
            return;
        }
        Optional<StreamTarget> target = StreamTarget.resolve(mounts, path);
        if (target.isEmpty()) {
            mounts.stats().rejected(Protocol.HTTP, RejectReason.NOT_FOUND);
            send(ctx, text(HttpResponseStatus.NOT_FOUND, "The source you requested could not be found."), head);
            return;
        }
        if (totalListeners() >= settings.maxListeners()) {
            mounts.stats().rejected(Protocol.HTTP, RejectReason.LIMIT);
            LOG.info("{}: listener refused for {}: limits.max-listeners={} reached", ctx.channel().remoteAddress(),
                    path, settings.maxListeners());
            send(ctx, text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Too many listeners (limits.max-listeners=" + settings.maxListeners() + ")"), head);
            return;
        }
        StreamTarget stream = target.get();
        boolean wantsMetadata = wantsMetadata(request) && StreamKind.forContentType(stream.contentType()) != StreamKind.OGG;
        HttpResponse response = ListenerResponseHead.of(stream.source(), stream.rendition(),
                wantsMetadata ? settings.icyMetaint() : 0);
        if (head) {
            ctx.write(response, ctx.voidPromise());
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        IcyInterleaver icy = null;
        if (wantsMetadata) {
            icy = new IcyInterleaver(settings.icyMetaint(), settings.icyCharset());
            icy.startWith(stream.mount().metadata());
        }
        String userAgent = request.headers().get(HttpHeaderNames.USER_AGENT);
        if (settings.sendBufferBytes() > 0) {
            // Before the head: the cap bounds what the kernel holds for a slow reader from the first byte.
            ctx.channel().config().setOption(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
        }
        if (ctx.channel() instanceof UnixChannel) {
            streamFromSocket(ctx, response, stream, icy, userAgent);
            return;
        }
        // Flushed by the ListenerStream with the burst: head and burst leave in one write.
        ctx.write(response, ctx.voidPromise());
        ctx.pipeline().remove(HttpResponseEncoder.class);
        ChannelListenerStream listener = new ChannelListenerStream(stream.mount(), stream.renditionName(),
                stream.buffer(), icy, settings.lagPolicy(), userAgent, receivedNanos, settings.writeInterval().toNanos());
        ctx.pipeline().replace(this, "listener", listener.handler());
    }

    /**
     * Writes the head, then takes the connection out of Netty (see
     * {@link SocketListenerStream#takeOver}); the server's connection group lets go of it first.
     */
    private void streamFromSocket(ChannelHandlerContext ctx, HttpResponse response, StreamTarget stream,
                                  IcyInterleaver icy, String userAgent) {
        Channel channel = ctx.channel();
        // Nothing more is read from a listener: a second request on the connection is not served.
        channel.config().setAutoRead(false);
        ctx.writeAndFlush(response).addListener(written -> {
            if (!written.isSuccess()) {
                channel.close();
                return;
            }
            // Later, not inside this callback: the head decoder that delivered the request is still on the stack.
            channel.eventLoop().execute(() -> {
                connections.remove(channel);
                SocketListenerStream.takeOver(channel, (loop, socket) -> new SocketListenerStream(loop, socket,
                        stream.mount(), stream.renditionName(), stream.buffer(), icy, settings.lagPolicy(), userAgent,
                        receivedNanos, settings.writeInterval().toNanos()));
            });
        });
    }

    private void servePlaylist(ChannelHandlerContext ctx, HttpRequest request, Playlists.Request playlist,
                               boolean head) {
        Optional<StreamTarget> target = StreamTarget.resolve(mounts, playlist.mount());
        if (target.isEmpty()) {
            send(ctx, text(HttpResponseStatus.NOT_FOUND, "The source you requested could not be found."), head);
            return;
        }
        String baseUrl = Playlists.baseUrl(request.headers().get(HttpHeaderNames.HOST), settings.publicHost());
        String name = target.get().source() == null ? "" : target.get().source().name();
        Playlists.Rendered rendered = Playlists.render(playlist, baseUrl, name, target.get().mount().metadata().title());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(rendered.body().getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, rendered.contentType())
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "inline; filename=\"" + rendered.fileName() + "\"")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ListenerResponseHead.addCommon(response.headers());
        send(ctx, response, head);
    }

    private int totalListeners() {
        int total = 0;
        for (Mount mount : mounts.all()) {
            total += mount.listeners();
        }
        return total;
    }

    /** {@code Icy-MetaData: 1} in any header case; any non-zero integer counts as yes. */
    static boolean wantsMetadata(HttpRequest request) {
        String value = request.headers().get("icy-metadata");
        if (value == null) {
            return false;
        }
        try {
            return Integer.parseInt(value.trim()) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, status,
                Unpooled.wrappedBuffer((body + "\r\n").getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ListenerResponseHead.addCommon(response.headers());
        return response;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, status);
        ListenerResponseHead.addCommon(response.headers());
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        send(ctx, response, false);
    }

    /** Sends and closes; for HEAD the body is dropped but Content-Length kept. */
    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean head) {
        if (head) {
            response.content().clear();
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
