package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * A listener's end of a live stream on a real socket, read the way a player reads it: the
 * response head, then the body, with an ICY metadata block taken out after every
 * {@code icy-metaint} audio bytes when the server announced an interval. Audio and blocks are
 * kept for the test to check (frame chaining, titles, spacing). Reads happen on the test thread
 * ({@code read*} methods, each bounded by a deadline) or on a background pump ({@link #startPump()})
 * for listeners that must keep playing while the test does something else.
 *
 * <p>The file also holds the other peers the end-to-end tests share: {@link ScriptedSource}, an
 * Icecast {@code SOURCE} client that feeds the MP3 fixture (or any bytes) at a chosen pace from a
 * background thread, and {@link LogCapture}, which collects the server's log lines so a test can
 * check that a refusal is logged exactly once; {@link Response}, a short request answered and
 * closed (errors, playlists, preflight); and an MPEG-1 Layer III frame walker
 * ({@link #walkMp3Frames}) that is independent of the server's own framer.
 *
 * <p>Threading: the parser state is guarded by this object's monitor; the accessors may be called
 * from the test thread while the pump reads.
 */
final class IcyStreamReader implements AutoCloseable {

    /** Socket read timeout: the granularity at which deadlines are checked. */
    private static final int POLL_MILLIS = 100;
    private static final int HEAD_LIMIT_BYTES = 16 * 1024;

    /** One metadata block as it came: where it sat in the audio, and its payload without the length byte. */
    record MetadataBlock(long audioOffset, byte[] payload) {

        /** A zero-length block ("unchanged"). */
        boolean isEmpty() {
            return payload.length == 0;
        }

        /** The payload as text up to its NUL padding. */
        String text() {
            int end = payload.length;
            while (end > 0 && payload[end - 1] == 0) {
                end--;
            }
            return new String(payload, 0, end, StandardCharsets.UTF_8);
        }

        /** The value of {@code StreamTitle='...';} as a client reads it (up to the first {@code ';}), or null. */
        String streamTitle() {
            String text = text();
            if (!text.startsWith("StreamTitle='")) {
                return null;
            }
            int end = text.indexOf("';", "StreamTitle='".length());
            return end < 0 ? null : text.substring("StreamTitle='".length(), end);
        }
    }

    /** Result of {@link #walkMp3Frames}: whole frames found and where the last whole one ends. */
    record FrameWalk(int frames, int endOfLastFrame) {
    }

    private enum State { AUDIO, LENGTH, PAYLOAD }

    private final Socket socket;
    private final InputStream in;
    private final String head;
    private final String statusLine;
    private final Map<String, String> headers;
    private final int metaint;

    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private final List<MetadataBlock> blocks = new ArrayList<>();
    private State state = State.AUDIO;
    private int untilBlock;
    private byte[] payload;
    private int payloadFilled;
    private long bodyBytes;
    private boolean endOfStream;
    private boolean reset;
    private volatile Thread pump;
    private volatile boolean pumpStopping;

    private IcyStreamReader(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.head = head;
        String[] lines = head.split("\r\n");
        this.statusLine = lines[0];
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                parsed.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        this.headers = parsed;
        String announced = parsed.get("icy-metaint");
        this.metaint = announced == null ? 0 : Integer.parseInt(announced);
        this.untilBlock = metaint;
    }

    /**
     * Connects to the main port, sends {@code GET path HTTP/1.0} with a Host header and the given
     * extra header lines (without line ends) and reads the response head.
     */
    static IcyStreamReader open(int port, String path, String... headerLines) throws IOException {
        return open(port, 0, path, headerLines);
    }

    /**
     * As {@link #open(int, String, String...)}, with the socket's receive buffer set to
     * {@code receiveBufferBytes} before connecting (0: system default), to make a slow listener.
     */
    static IcyStreamReader open(int port, int receiveBufferBytes, String path, String... headerLines)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(POLL_MILLIS);
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.0\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("User-Agent: airwave-it\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new IcyStreamReader(socket, readHead(socket.getInputStream(), Duration.ofSeconds(5)));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String readHead(InputStream in, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            if (System.nanoTime() > deadline || seen.size() > HEAD_LIMIT_BYTES) {
                throw new AssertionError("no complete response head within " + limit + ": "
                        + seen.toString(StandardCharsets.ISO_8859_1));
            }
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (b < 0) {
                throw new AssertionError("connection closed before the response head ended: "
                        + seen.toString(StandardCharsets.ISO_8859_1));
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** The local port of this listener's connection (how the server's log lines name it). */
    int localPort() {
        return socket.getLocalPort();
    }

    /** The whole response head, status line to blank line. */
    String head() {
        return head;
    }

    String statusLine() {
        return statusLine;
    }

    /** A response header by case-insensitive name, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The announced {@code icy-metaint}, 0 when the server announced none. */
    int metaint() {
        return metaint;
    }

    /** Audio received so far, metadata blocks removed. */
    synchronized byte[] audio() {
        return audio.toByteArray();
    }

    synchronized int audioBytes() {
        return audio.size();
    }

    /** Every body byte received so far, blocks included. */
    synchronized long bodyBytes() {
        return bodyBytes;
    }

    synchronized List<MetadataBlock> blocks() {
        return List.copyOf(blocks);
    }

    /** The titles of the blocks so far that carry one, in order, a repeat of the title before left out. */
    synchronized List<String> titles() {
        List<String> titles = new ArrayList<>();
        for (MetadataBlock block : blocks) {
            String title = block.streamTitle();
            if (title != null && (titles.isEmpty() || !titles.get(titles.size() - 1).equals(title))) {
                titles.add(title);
            }
        }
        return titles;
    }

    /** Whether the server ended the connection (FIN or RST) and everything before it was read. */
    synchronized boolean isEndOfStream() {
        return endOfStream;
    }

    /** Whether the stream ended with a reset (RST) rather than a clean close (FIN). */
    synchronized boolean wasReset() {
        return reset;
    }

    /** Reads until at least {@code bytes} audio bytes arrived; fails after {@code limit}. */
    IcyStreamReader readAudio(int bytes, Duration limit) throws IOException {
        return readUntil(r -> r.audioBytes() >= bytes, limit, "at least " + bytes + " audio bytes");
    }

    /** Reads until at least {@code count} metadata blocks arrived; fails after {@code limit}. */
    IcyStreamReader readBlocks(int count, Duration limit) throws IOException {
        return readUntil(r -> r.blocks().size() >= count, limit, count + " metadata blocks");
    }

    /** Reads until {@code done} holds; fails after {@code limit} or at the end of the stream. */
    IcyStreamReader readUntil(Predicate<IcyStreamReader> done, Duration limit, String what) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.test(this)) {
            if (isEndOfStream()) {
                throw new AssertionError("stream ended before " + what + " (" + audioBytes() + " audio bytes)");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit + " (" + audioBytes() + " audio bytes, "
                        + blocks().size() + " blocks)");
            }
            readOnce();
        }
        return this;
    }

    /** Reads whatever arrives during {@code duration} (stops early at the end of the stream). */
    IcyStreamReader readFor(Duration duration) throws IOException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline && !isEndOfStream()) {
            socket.setSoTimeout((int) Math.max(1, Math.min(POLL_MILLIS, (deadline - System.nanoTime()) / 1_000_000)));
            readOnce();
        }
        socket.setSoTimeout(POLL_MILLIS);
        return this;
    }

    /** Reads until the server closes the connection; fails if it does not within {@code limit}. */
    IcyStreamReader readToEnd(Duration limit) throws IOException {
        return readUntil(IcyStreamReader::isEndOfStream, limit, "end of stream");
    }

    /** Keeps reading on a daemon thread until the end of the stream, {@link #stopPump()} or close. */
    IcyStreamReader startPump() {
        pumpStopping = false;
        Thread thread = new Thread(() -> {
            try {
                while (!pumpStopping && !isEndOfStream()) {
                    readOnce();
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        }, "listener-pump");
        thread.setDaemon(true);
        pump = thread;
        thread.start();
        return this;
    }

    /** Stops the pump (within one poll interval) so that this listener reads nothing more. */
    void stopPump() throws InterruptedException {
        Thread thread = pump;
        pumpStopping = true;
        if (thread != null) {
            thread.join(2000);
            assertThat(thread.isAlive()).as("listener pump stopped").isFalse();
        }
        pump = null;
    }

    private void readOnce() throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw e;
            }
            n = -1; // reset by the server: for a listener that is an end of stream too
            synchronized (this) {
                reset = true;
            }
        }
        synchronized (this) {
            if (n < 0) {
                endOfStream = true;
            } else {
                parse(buffer, n);
            }
        }
    }

    private void parse(byte[] buffer, int length) {
        bodyBytes += length;
        int i = 0;
        while (i < length) {
            if (metaint == 0) {
                audio.write(buffer, i, length - i);
                return;
            }
            switch (state) {
                case AUDIO -> {
                    int take = Math.min(untilBlock, length - i);
                    audio.write(buffer, i, take);
                    i += take;
                    untilBlock -= take;
                    if (untilBlock == 0) {
                        state = State.LENGTH;
                    }
                }
                case LENGTH -> {
                    int units = buffer[i++] & 0xFF;
                    payload = new byte[units * 16];
                    payloadFilled = 0;
                    state = State.PAYLOAD;
                    if (units == 0) {
                        endBlock();
                    }
                }
                case PAYLOAD -> {
                    int take = Math.min(payload.length - payloadFilled, length - i);
                    System.arraycopy(buffer, i, payload, payloadFilled, take);
                    payloadFilled += take;
                    i += take;
                    if (payloadFilled == payload.length) {
                        endBlock();
                    }
                }
            }
        }
    }

    private void endBlock() {
        blocks.add(new MetadataBlock(audio.size(), payload));
        untilBlock = metaint;
        state = State.AUDIO;
    }

    @Override
    public void close() throws IOException {
        pumpStopping = true;
        socket.close();
        Thread thread = pump;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Walks MPEG-1 Layer III frames (the fixture's format: 44.1/48/32 kHz, any bitrate) from offset
     * 0, each header where the previous frame ended. Fails with the offset at the first place where
     * a header should be and is not; a frame cut off by the end of {@code data} is not counted.
     */
    static FrameWalk walkMp3Frames(byte[] data) {
        int offset = 0;
        int frames = 0;
        while (offset + 4 <= data.length) {
            int length = mp3FrameLength(data, offset);
            if (length < 0) {
                throw new AssertionError(String.format("no MPEG-1 Layer III frame header at offset %d of %d "
                        + "after %d frames (bytes %02x %02x %02x %02x)", offset, data.length, frames,
                        data[offset], data[offset + 1], data[offset + 2], data[offset + 3]));
            }
            if (offset + length > data.length) {
                break;
            }
            offset += length;
            frames++;
        }
        return new FrameWalk(frames, offset);
    }

    /** The length of the MPEG-1 Layer III frame whose header is at {@code offset}, or -1. */
    static int mp3FrameLength(byte[] data, int offset) {
        int header = ((data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16)
                | ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
        boolean sync = (header >>> 21) == 0x7FF;
        boolean mpeg1 = ((header >>> 19) & 3) == 3;
        boolean layer3 = ((header >>> 17) & 3) == 1;
        int bitrateIndex = (header >>> 12) & 0xF;
        int rateIndex = (header >>> 10) & 3;
        if (!sync || !mpeg1 || !layer3 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
                || (header & 3) == 2) {
            return -1;
        }
        int[] kbps = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        int[] rates = {44100, 48000, 32000};
        return 144_000 * kbps[bitrateIndex] / rates[rateIndex] + ((header >>> 9) & 1);
    }

    /**
     * A short HTTP answer read whole (until the server closed the connection): for requests that
     * are answered and closed (errors, playlists, preflights, HEAD).
     */
    record Response(String head, String body) {

        /** Sends {@code request} exactly as given and reads the answer to its end (at most 5 s). */
        static Response exchange(int port, String request) throws IOException {
            try (RawConnection connection = new RawConnection(port)) {
                connection.send(request);
                String all = new String(connection.readToEnd(Duration.ofSeconds(5)), StandardCharsets.ISO_8859_1);
                int end = all.indexOf("\r\n\r\n");
                assertThat(end).as("complete response head in: %s", all).isPositive();
                return new Response(all.substring(0, end + 4), all.substring(end + 4));
            }
        }

        String statusLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        int status() {
            return Integer.parseInt(statusLine().split(" ")[1]);
        }

        /** A header value by case-insensitive name, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * An Icecast source on a real socket: sends {@code SOURCE /mount HTTP/1.0} with the test
     * password, then audio from a bounded background thread at a chosen pace (the MP3 fixture
     * looped: a stream of whole frames whose bytes are known, see {@link #mp3Bytes}), or any bytes
     * the test wants (garbage). It can stall (stop writing, keep the connection), end with FIN or
     * with RST.
     */
    static final class ScriptedSource implements AutoCloseable {

        /** The fixture: CBR 128 kbit/s, 44.1 kHz, 767 whole frames of 417/418 bytes, no tags. */
        static final byte[] MP3 = Fixtures.bytes("/audio/test-128k-44k1-stereo.mp3");
        /** Bytes per second of audio in {@link #MP3}. */
        static final int MP3_BYTES_PER_SECOND = 16_000;
        /**
         * Synthetic MPEG-1 Layer III frames at 320 kbit/s, 32 kHz, mono, silent (zero) payload:
         * 1440 bytes per 36 ms, {@value #MP3_320K_BYTES_PER_SECOND} bytes per second of audio,
         * 2.5 times the fixture's rate, for tests that need many bytes per second of stream time.
         */
        static final byte[] MP3_320K = synthetic320kFrames(100);
        static final int MP3_320K_BYTES_PER_SECOND = 40_000;
        static final String AUTHORIZATION = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                ("source:" + RunningServer.SOURCE_PASSWORD).getBytes(StandardCharsets.UTF_8));
        private static final String OK = "HTTP/1.0 200 OK\r\n\r\n";
        private static final int TICK_MILLIS = 10;

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final AtomicLong sent = new AtomicLong();
        private volatile Thread feeder;
        private volatile boolean stopping;
        private volatile IOException failure;

        private ScriptedSource(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        /**
         * Connects as the source of {@code mount} ({@code Content-Type: audio/mpeg} plus the given
         * header lines) and checks that the server accepted it with exactly {@code HTTP/1.0 200 OK}.
         */
        static ScriptedSource connect(int port, String mount, String... headerLines) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                ScriptedSource source = new ScriptedSource(socket);
                StringBuilder request = new StringBuilder("SOURCE ").append(mount).append(" HTTP/1.0\r\n")
                        .append(AUTHORIZATION).append("\r\n")
                        .append("Content-Type: audio/mpeg\r\n")
                        .append("User-Agent: airwave-it-source\r\n");
                for (String line : headerLines) {
                    request.append(line).append("\r\n");
                }
                byte[] head = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
                source.out.write(head);
                source.out.flush();
                String answer = new String(source.in.readNBytes(OK.length()), StandardCharsets.ISO_8859_1);
                assertThat(answer).as("answer to the source of %s", mount).isEqualTo(OK);
                return source;
            } catch (IOException | RuntimeException | AssertionError e) {
                socket.close();
                throw e;
            }
        }

        /** Feeds the MP3 fixture, looped, at {@code speed} times real time, for at most {@code limit}. */
        ScriptedSource feedMp3(double speed, Duration limit) {
            return feed(MP3, (int) (MP3_BYTES_PER_SECOND * speed), limit);
        }

        /**
         * Feeds {@code data} looped (continuing where the last feed of the same data stopped) at
         * {@code bytesPerSecond} from a daemon thread that stops after {@code limit}, on
         * {@link #stopFeeding()} or when a write fails (see {@link #feedFailure()}).
         */
        ScriptedSource feed(byte[] data, int bytesPerSecond, Duration limit) {
            assertThat(feeder).as("one feeder at a time").isNull();
            stopping = false;
            Thread thread = new Thread(() -> {
                long start = System.nanoTime();
                long end = start + limit.toNanos();
                long fed = 0;
                int position = (int) (sent.get() % data.length);
                try {
                    while (!stopping && System.nanoTime() < end) {
                        long due = (System.nanoTime() - start) * bytesPerSecond / 1_000_000_000L;
                        while (due > fed && !stopping) {
                            int n = (int) Math.min(Math.min(due - fed, data.length - position), 64 * 1024);
                            write(data, position, n);
                            fed += n;
                            position = (position + n) % data.length;
                        }
                        Thread.sleep(TICK_MILLIS);
                    }
                } catch (IOException e) {
                    failure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "scripted-source");
            thread.setDaemon(true);
            feeder = thread;
            thread.start();
            return this;
        }

        /** Writes {@code bytes} now, on the calling thread. */
        ScriptedSource send(byte[] bytes) throws IOException {
            write(bytes, 0, bytes.length);
            return this;
        }

        private void write(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
            out.flush();
            sent.addAndGet(length);
        }

        /** Stops the feeder thread (the connection stays open: the source stalls). */
        ScriptedSource stopFeeding() throws InterruptedException {
            Thread thread = feeder;
            stopping = true;
            if (thread != null) {
                thread.join(2000);
                if (thread.isAlive()) {
                    // blocked in a write the server does not read: closing the socket ends it
                    closeQuietly();
                    thread.join(2000);
                }
            }
            feeder = null;
            return this;
        }

        /** Whether the feeder thread is still writing. */
        boolean isFeeding() {
            Thread thread = feeder;
            return thread != null && thread.isAlive();
        }

        /** The write error that stopped the feeder (the server closed the connection), or null. */
        IOException feedFailure() {
            return failure;
        }

        /** Bytes written to the server so far (head excluded). */
        long bytesSent() {
            return sent.get();
        }

        /** Ends the source normally: stops feeding and half-closes (FIN). */
        void finish() throws IOException, InterruptedException {
            stopFeeding();
            socket.shutdownOutput();
        }

        /** Ends the source abruptly: stops feeding and closes with an RST ({@code SO_LINGER} 0). */
        void reset() throws IOException, InterruptedException {
            stopFeeding();
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /**
         * Whether the server closes the connection (read end of stream or reset) within
         * {@code limit}; anything the server sends before is ignored.
         */
        boolean isClosedByServer(Duration limit) throws IOException {
            long deadline = System.nanoTime() + limit.toNanos();
            socket.setSoTimeout(POLL_MILLIS);
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // keep waiting
                } catch (IOException reset) {
                    return !socket.isClosed();
                }
            }
            return false;
        }

        private static byte[] synthetic320kFrames(int count) {
            byte[] frames = new byte[count * 1440];
            for (int i = 0; i < count; i++) {
                frames[i * 1440] = (byte) 0xFF;
                frames[i * 1440 + 1] = (byte) 0xFB; // MPEG-1 Layer III, no CRC
                frames[i * 1440 + 2] = (byte) 0xE8; // 320 kbit/s, 32 kHz, no padding
                frames[i * 1440 + 3] = (byte) 0xC4; // mono, original
            }
            return frames;
        }

        /** The bytes of the looped MP3 fixture from stream offset {@code from} (inclusive) to {@code to}. */
        static byte[] mp3Bytes(long from, long to) {
            byte[] result = new byte[(int) (to - from)];
            for (int i = 0; i < result.length; i++) {
                result[i] = MP3[(int) ((from + i) % MP3.length)];
            }
            return result;
        }

        private void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            stopping = true;
            closeQuietly();
            Thread thread = feeder;
            if (thread != null) {
                try {
                    thread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Collects every log event of the server (root logger) while open, as
     * {@code LEVEL logger-simple-name - message}, for checks such as "logged exactly once".
     */
    static final class LogCapture implements AutoCloseable {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String logger = event.getLoggerName();
                lines.add(event.getLevel() + " " + logger.substring(logger.lastIndexOf('.') + 1) + " - "
                        + event.getFormattedMessage());
            }
        };

        private LogCapture() {
        }

        /** Starts collecting; {@link #close()} stops. */
        static LogCapture attach() {
            LogCapture capture = new LogCapture();
            capture.appender.setName("test-log-capture");
            capture.appender.setContext(capture.root.getLoggerContext());
            capture.appender.start();
            capture.root.addAppender(capture.appender);
            return capture;
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        /** The captured lines that contain every one of {@code fragments}. */
        List<String> linesWith(String... fragments) {
            List<String> matching = new ArrayList<>();
            for (String line : lines) {
                boolean all = true;
                for (String fragment : fragments) {
                    all &= line.contains(fragment);
                }
                if (all) {
                    matching.add(line);
                }
            }
            return matching;
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
