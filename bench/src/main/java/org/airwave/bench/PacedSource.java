package org.airwave.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * One Icecast source connection ({@code PUT}, HTTP Basic, {@code audio/mpeg}) that streams a
 * byte pattern at a fixed rate for a given time and leaves: real MP3 at its bitrate for a
 * well-behaved source, random bytes for a garbage source. The pattern is looped; an MP3 pattern
 * must be whole frames without tags, so the loop stays a valid stream.
 *
 * <p>Threading: {@link #run} blocks the calling thread for the source's whole life.
 */
final class PacedSource {

    /** How a source connection ended. */
    enum Outcome {
        /** Not admitted: the server answered something other than 200, or nothing. */
        REFUSED,
        /** Streamed for its whole time and left. */
        COMPLETED,
        /** The server closed the connection while it streamed. */
        CLOSED_BY_SERVER
    }

    /** Audio sent per write: 100 ms at the stream's rate. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SoakOptions options;
    private final InetAddress local;
    private final byte[] pattern;
    private final int bytesPerSecond;

    PacedSource(SoakOptions options, InetAddress local, byte[] pattern, int bytesPerSecond) {
        this.options = options;
        this.local = local;
        this.pattern = pattern;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Claims {@code mount} with {@code password} and streams for {@code seconds}. */
    Outcome run(String mount, String password, double seconds) {
        try (LoopbackClient client = LoopbackClient.open(options, local)) {
            int status = client.request("PUT " + mount + " HTTP/1.1\r\nHost: " + options.host()
                    + "\r\nAuthorization: " + LoopbackClient.basic("source", password)
                    + "\r\nUser-Agent: airwave-soak\r\nContent-Type: audio/mpeg\r\nIce-Name: soak " + mount);
            if (status != 200) return Outcome.REFUSED;
            return stream(client, (long) (seconds * 1e9));
        } catch (IOException e) {
            return Outcome.REFUSED;
        }
    }

    private Outcome stream(LoopbackClient client, long durationNanos) {
        long start = System.nanoTime();
        long sent = 0;
        int offset = 0;
        for (long slice = 0; slice * SLICE_NANOS < durationNanos; slice++) {
            ListenerLoad.sleepUntil(start + slice * SLICE_NANOS);
            long due = (long) ((slice + 1) * SLICE_NANOS / 1e9 * bytesPerSecond);
            try {
                while (sent < due) {
                    int n = (int) Math.min(due - sent, pattern.length - offset);
                    client.write(pattern, offset, n);
                    sent += n;
                    offset = (offset + n) % pattern.length;
                }
            } catch (IOException e) {
                return Outcome.CLOSED_BY_SERVER;
            }
            if (client.closedByPeer()) return Outcome.CLOSED_BY_SERVER;
        }
        return Outcome.COMPLETED;
    }
}
