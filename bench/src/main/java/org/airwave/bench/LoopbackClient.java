package org.airwave.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A blocking HTTP client connection from a chosen loopback address, for the soak's few clients
 * that are not listeners (sources, title updates, failed logins, status reads): each kind gets
 * its own address, so per-address limits and authentication throttling meant for one kind do not
 * touch another. Every read is bounded by {@value #READ_TIMEOUT_MILLIS} ms.
 *
 * <p>Threading: one thread uses a connection from open to close.
 */
final class LoopbackClient implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Longest status line or response body read. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final Socket socket;

    private LoopbackClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects to the server from {@code local}. */
    static LoopbackClient open(SoakOptions options, InetAddress local) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(options.address(), options.port()), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new LoopbackClient(socket);
    }

    /** {@code Authorization} header value for HTTP Basic. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code head} (lines without the final empty one) and returns the response's status code. */
    int request(String head) throws IOException {
        write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return status(readStatusLine());
    }

    /** Sends {@code head} as HTTP/1.0 and returns the whole response (head and body) up to the server's close. */
    String exchange(String head) throws IOException {
        write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        for (int n; (n = in.read(buffer)) >= 0 && out.size() < MAX_RESPONSE_BYTES; ) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        socket.getOutputStream().write(bytes, offset, length);
    }

    /** Whether the server has closed its side (a read sees the end of stream or a reset). */
    boolean closedByPeer() {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String readStatusLine() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n' && line.length() < MAX_RESPONSE_BYTES; ) {
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }

    private static int status(String line) {
        String[] parts = line.split(" ", 3);
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
