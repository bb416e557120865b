package org.airwave.app.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A scripted peer on a real socket: sends exact bytes (recorded handshakes, hand-made requests)
 * and reads exactly what the server answers, with timeouts so a test never hangs.
 */
public final class RawConnection implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawConnection(int port) throws IOException {
        this(null, port);
    }

    /**
     * A connection from {@code localAddress} (another loopback address such as 127.0.0.2, so the
     * server sees a different client; null: the system's choice).
     */
    public RawConnection(String localAddress, int port) throws IOException {
        socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads until {@code marker} has been seen (inclusive) or the timeout; returns what was read. */
    public String readUntil(String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] expected = marker.getBytes(StandardCharsets.ISO_8859_1);
        while (!endsWith(seen.toByteArray(), expected)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads the response head (up to the blank line). */
    public String readHead() throws IOException {
        return readUntil("\r\n\r\n");
    }

    /** Reads exactly {@code n} bytes (fewer only if the server closes). */
    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads everything until the server closes, waiting at most {@code limit}. */
    public byte[] readToEnd(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return all.toByteArray();
                }
                all.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException reset) {
                return all.toByteArray();
            }
        }
        throw new AssertionError("server did not close within " + limit + " (read " + all.size() + " bytes)");
    }

    /** Whether the server closed the connection (read returns end of stream) within the timeout. */
    public boolean isClosedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static boolean endsWith(byte[] data, byte[] suffix) {
        if (data.length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (data[data.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
