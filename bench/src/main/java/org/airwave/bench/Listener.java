package org.airwave.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One simulated listener: parses the HTTP response head, then counts audio bytes (skipping them
 * without copying), validates ICY metadata when asked, detects stalls and optionally reads at
 * half rate by toggling auto-read.
 *
 * <p>Threading: all state is confined to the channel's event loop; the steady-window marks run
 * there as tasks. The main thread reads the results only after the event loop group has
 * terminated, which orders those reads after every write.
 */
final class Listener extends ChannelInboundHandlerAdapter {

    /** A gap longer than this without bytes is a stall. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Largest response head accepted before the body. */
    private static final int MAX_HEAD = 16 * 1024;
    /** Bytes a slow reader may take ahead of its half-rate budget (covers the server's burst). */
    private static final long SLOW_SLACK_BYTES = 64 * 1024;

    private final Timeline timeline;
    final boolean icy;
    private final double slowBytesPerSecond;
    /** Counted down at the first audio byte (warm-up listeners), or null. */
    private final CountDownLatch firstAudio;
    /** Closes the connection at the first audio byte (warm-up connections that only exercise the connect path). */
    private final boolean closeAtFirstAudio;
    final boolean slow;
    final long connectStartNanos;

    private byte[] head = new byte[512];
    private int headLength;
    private IcyParser icyParser;

    long firstByteNanos = -1;
    long audioBytes;
    long lastByteNanos;
    long steadyStartBytes = -1;
    long steadyEndBytes = -1;
    int stalls;
    String failure;

    /** Time from the connect to the first audio byte, or -1 when none came. Read after the loops stopped. */
    long ttfbNanos() {
        return firstByteNanos < 0 ? -1 : firstByteNanos - connectStartNanos;
    }

    /**
     * @param slowBytesPerSecond read budget when {@code slow}; ignored otherwise
     */
    Listener(Timeline timeline, boolean icy, boolean slow, double slowBytesPerSecond, long connectStartNanos) {
        this(timeline, icy, slow, slowBytesPerSecond, connectStartNanos, null, false);
    }

    /**
     * @param firstAudio counted down at the first audio byte, or null
     * @param closeAtFirstAudio whether to close the connection once the first audio byte came
     */
    Listener(Timeline timeline, boolean icy, boolean slow, double slowBytesPerSecond, long connectStartNanos,
             CountDownLatch firstAudio, boolean closeAtFirstAudio) {
        this.firstAudio = firstAudio;
        this.closeAtFirstAudio = closeAtFirstAudio;
        this.timeline = timeline;
        this.icy = icy;
        this.slow = slow;
        this.slowBytesPerSecond = slowBytesPerSecond;
        this.connectStartNanos = connectStartNanos;
    }

    long icyBlocks() {
        return icyParser == null ? 0 : icyParser.blocks();
    }

    long icyErrors() {
        return icyParser == null ? 0 : icyParser.errors();
    }

    /** Event-loop task at the start of the steady window. */
    void markSteadyStart() {
        steadyStartBytes = audioBytes;
    }

    /** Event-loop task at the end of the steady window; also counts a stall still in progress. */
    void markSteadyEnd(long now) {
        steadyEndBytes = audioBytes;
        if (!slow && firstByteNanos >= 0 && now - lastByteNanos > STALL_NANOS) stalls++;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (head != null && !readHead(ctx, in)) return;
            long now = System.nanoTime();
            long audio = icyParser == null ? skipAll(in) : icyParser.consume(in);
            if (audio == 0) return;
            if (firstByteNanos < 0) {
                firstByteNanos = now;
                if (firstAudio != null) firstAudio.countDown();
                if (closeAtFirstAudio) ctx.close();
            } else if (!slow && now - lastByteNanos > STALL_NANOS && timeline.inSteadyWindow(now)) {
                stalls++;
            }
            lastByteNanos = now;
            audioBytes += audio;
            if (slow) throttle(ctx.channel(), now);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (failure == null && !timeline.finished()) failure = "closed by server";
        ctx.fireChannelInactive();   // a handler behind this one may judge the finished listener
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        ctx.close();
    }

    private static long skipAll(ByteBuf in) {
        int n = in.readableBytes();
        in.skipBytes(n);
        return n;
    }

    /** Pauses reading when ahead of the half-rate budget, and resumes when the budget catches up. */
    private void throttle(Channel channel, long now) {
        double allowed = (now - firstByteNanos) / 1e9 * slowBytesPerSecond + SLOW_SLACK_BYTES;
        double ahead = audioBytes - allowed;
        if (ahead <= 0) return;
        channel.config().setAutoRead(false);
        long delayNanos = (long) (ahead / slowBytesPerSecond * 1e9);
        channel.eventLoop().schedule(() -> channel.config().setAutoRead(true), delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Accumulates the response head; returns true once it is complete and accepted. */
    private boolean readHead(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            if (headLength == head.length) {
                if (head.length >= MAX_HEAD) {
                    fail(ctx, "response head too long");
                    return false;
                }
                head = Arrays.copyOf(head, head.length * 2);
            }
            head[headLength++] = in.readByte();
            if (headLength >= 4 && head[headLength - 1] == '\n' && head[headLength - 2] == '\r'
                    && head[headLength - 3] == '\n' && head[headLength - 4] == '\r') {
                return acceptHead(ctx, new String(head, 0, headLength, StandardCharsets.ISO_8859_1));
            }
        }
        return false;
    }

    private boolean acceptHead(ChannelHandlerContext ctx, String text) {
        head = null;
        String[] lines = text.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[1].equals("200")) {
            fail(ctx, "status " + lines[0]);
            return false;
        }
        if (!icy) return true;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("icy-metaint")) {
                icyParser = new IcyParser(Integer.parseInt(line.substring(colon + 1).trim()));
                return true;
            }
        }
        fail(ctx, "no icy-metaint header");
        return false;
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        failure = why;
        ctx.close();
    }
}
