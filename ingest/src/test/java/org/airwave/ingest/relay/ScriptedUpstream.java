package org.airwave.ingest.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted upstream server on loopback for relay tests: records each request head and answers
 * with what the test's {@link Answer} writes; the connection then stays open until the answer
 * returns (an answer may {@link #holdOpen} to keep streaming) and is closed after.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** What the upstream writes on one connection. */
    interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Answer answer;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    /** The connection the calling answer thread serves (each connection has its own thread). */
    private static final ThreadLocal<Socket> SERVING = new ThreadLocal<>();
    /** The upstream whose answer the calling thread runs. */
    private static final ThreadLocal<ScriptedUpstream> SERVER = new ThreadLocal<>();
    private final AtomicInteger peerCloses = new AtomicInteger();
    private final Thread acceptor;

    ScriptedUpstream(Answer answer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.acceptor = new Thread(this::acceptLoop, "scripted upstream " + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    List<String> requests() {
        return requests;
    }

    /** Keeps the connection open until the upstream is closed (a stream that goes on). */
    void holdOpen() throws InterruptedException {
        closing.await(30, TimeUnit.SECONDS);
    }

    /** For an answer: waits until the test calls {@link #release} (the next step of a scripted stream). */
    void holdUntilReleased() throws InterruptedException {
        released.await(30, TimeUnit.SECONDS);
    }

    /** Lets answers waiting in {@link #holdUntilReleased} go on. */
    void release() {
        released.countDown();
    }

    /**
     * For an answer: keeps its connection open until the relay closes it, then counts that on the
     * upstream that answered ({@link #peerCloses}).
     */
    static void holdUntilPeerCloses() throws IOException {
        InputStream in = SERVING.get().getInputStream();
        while (in.read() >= 0) {
            // the relay sends nothing after its request head; this only waits for its close
        }
        SERVER.get().peerCloses.incrementAndGet();
    }

    /** Connections the relay closed while an answer held them with {@link #holdUntilPeerCloses}. */
    int peerCloses() {
        return peerCloses.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "scripted upstream connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        SERVING.set(socket);
        SERVER.set(this);
        try (socket) {
            requests.add(readHead(socket.getInputStream()));
            answer.write(socket.getOutputStream());
            socket.getOutputStream().flush();
        } catch (IOException | InterruptedException e) {
            // the relay went away or the test ended: nothing more to write
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
    }
}
