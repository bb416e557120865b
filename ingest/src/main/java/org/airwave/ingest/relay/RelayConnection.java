package org.airwave.ingest.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.airwave.ingest.icecast.ChunkedBodyDecoder;

/**
 * One connection of a relay to an upstream, last in its pipeline: sends the listener's request
 * ({@code GET}, {@code Icy-MetaData: 1}), takes the response head from the
 * {@link UpstreamHeadDecoder} (named "head"), puts the body decoders the head calls for right
 * behind it (chunked coding, then ICY metadata), and hands head, audio, titles and the end of the
 * connection to its {@link Relay}. The relay decides what each means.
 *
 * <p>A 200 answer with ICY metadata is held back (its audio too, at most {@link #MAX_HELD_METAINT}
 * bytes) until the first metadata block has passed, so the relay learns with the head whether the
 * upstream's mount has input ({@link IcyTitle#noInput}): an Airwave upstream's first block always
 * carries the full state. A larger interval is not waited for: the head goes on at once.
 *
 * <p>Stateful: one per upstream connection, on the relay's event loop.
 */
final class RelayConnection extends ChannelInboundHandlerAdapter {

    static final String USER_AGENT = "Airwave/0.1 (relay)";
    /** Longest metadata interval whose audio is held for the first block (Icecast's default is 16000). */
    static final int MAX_HELD_METAINT = 65_536;

    private final Relay relay;
    private final RelayTarget target;
    private String endReason = "upstream closed the connection";
    /** A 200 head waiting for the first metadata block, with the audio before it; null once passed on. */
    private UpstreamResponse heldHead;
    private final List<ByteBuf> heldAudio = new ArrayList<>();
    private int heldBytes;

    RelayConnection(Relay relay, RelayTarget target) {
        this.relay = relay;
        this.target = target;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String request = "GET " + target.pathAndQuery() + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "User-Agent: " + USER_AGENT + "\r\n"
                + "Accept: */*\r\n"
                + "Icy-MetaData: 1\r\n"
                + "Connection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof UpstreamResponse response) {
            onHead(ctx, response);
        } else if (msg instanceof IcyTitle title) {
            if (heldHead != null) {
                passOnHead(ctx, !title.noInput());
            }
            relay.onTitle(ctx.channel(), title);
        } else if (msg instanceof ByteBuf audio) {
            if (heldHead == null) {
                relay.onAudio(ctx.channel(), audio);
            } else if (heldBytes < heldHead.metaint()) {
                heldBytes += audio.readableBytes();
                heldAudio.add(audio);
            } else {
                passOnHead(ctx, true);   // the first block was empty or had no title
                relay.onAudio(ctx.channel(), audio);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, UpstreamResponse response) {
        if (response.status() == 200) {
            int metaint;
            try {
                metaint = response.metaint();
            } catch (IllegalArgumentException e) {
                fail(ctx, e.getMessage());
                return;
            }
            if (metaint > 0) {
                ctx.pipeline().addAfter("head", "icy-metadata", new IcyMetadataStripper(metaint));
            }
            if (response.isChunked()) {
                ctx.pipeline().addAfter("head", "chunked", new ChunkedBodyDecoder());
            }
            if (metaint > 0 && metaint <= MAX_HELD_METAINT) {
                heldHead = response;
                return;
            }
        }
        relay.onHead(ctx.channel(), target, response, true);
    }

    /** The first metadata block passed: hands on the head, then the audio held before it. */
    private void passOnHead(ChannelHandlerContext ctx, boolean upstreamHasInput) {
        UpstreamResponse response = heldHead;
        heldHead = null;
        relay.onHead(ctx.channel(), target, response, upstreamHasInput);
        for (ByteBuf audio : heldAudio) {
            relay.onAudio(ctx.channel(), audio);
        }
        heldAudio.clear();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        heldAudio.forEach(ByteBuf::release);
        heldAudio.clear();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            fail(ctx, "upstream sent nothing for " + relay.settings().readTimeout().toSeconds()
                    + " s (relay.read-timeout-seconds)");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause instanceof IOException ? cause.getMessage() : cause.toString());
    }

    /** Closes the connection; the relay hears {@code reason} when it has closed. */
    private void fail(ChannelHandlerContext ctx, String reason) {
        endReason = reason;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        relay.onConnectionEnded(ctx.channel(), endReason);
        ctx.fireChannelInactive();
    }
}
