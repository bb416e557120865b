package org.airwave.app.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The socket transport: native epoll where available (Linux x86_64), NIO elsewhere. Stateless. */
public final class Transport {

    private Transport() {
    }

    public static boolean isNative() {
        return Epoll.isAvailable();
    }

    /**
     * One event loop per available core (Netty's default is two): nothing blocks a loop, so more
     * loops than cores only add context switches and cross-thread wake-ups, which show as latency
     * for new listeners when the cores are busy.
     */
    public static int eventLoopsPerProcess() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static EventLoopGroup group(int threads) {
        IoHandlerFactory factory = isNative() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return isNative() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket type (relay pulls), matching {@link #group}'s transport. */
    public static Class<? extends SocketChannel> socketChannel() {
        return isNative() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
