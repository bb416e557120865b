package org.airwave.ingest.icecast;

import static org.airwave.ingest.IngestTestKit.fixture;
import static org.airwave.ingest.IngestTestKit.headEnd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * liquidsoap 2.1.3's {@code chunked=true} source capture (first 4 KB): the head, then a chunked
 * body whose chunk-size lines, read off the capture, are known here; the 7th chunk ({@code 344})
 * is cut off by the 4 KB limit, so only the first six are complete.
 */
final class LiquidsoapChunkedCapture {

    /** Chunk-size lines of the complete chunks, in order (upper-case hex, as liquidsoap sends them). */
    static final String[] SIZE_LINES = {"31E", "142", "264", "F0", "337", "1A2"};

    final byte[] capture = fixture("handshakes/liquidsoap-http-chunked.request.bin");
    final int bodyStart = headEnd(capture);
    /** Offset in {@link #capture} just past the last complete chunk (its trailing CRLF included). */
    final int completeChunksEnd;
    /** The data of the complete chunks, concatenated: what de-chunking them must give. */
    final byte[] completeChunksData;

    LiquidsoapChunkedCapture() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int pos = bodyStart;
        for (String sizeLine : SIZE_LINES) {
            String line = new String(capture, pos, sizeLine.length() + 2, StandardCharsets.US_ASCII);
            if (!line.equals(sizeLine + "\r\n")) {
                throw new IllegalStateException("capture changed: expected size line " + sizeLine + " at " + pos);
            }
            int size = Integer.parseInt(sizeLine, 16);
            int dataStart = pos + line.length();
            data.write(capture, dataStart, size);
            pos = dataStart + size;
            if (capture[pos] != '\r' || capture[pos + 1] != '\n') {
                throw new IllegalStateException("capture changed: no CRLF after chunk " + sizeLine);
            }
            pos += 2;
        }
        completeChunksEnd = pos;
        completeChunksData = data.toByteArray();
    }

    /** The body bytes up to the end of the last complete chunk. */
    byte[] completeChunks() {
        return Arrays.copyOfRange(capture, bodyStart, completeChunksEnd);
    }

    /** The head and the complete chunks, without the cut-off one. */
    byte[] headAndCompleteChunks() {
        return Arrays.copyOf(capture, completeChunksEnd);
    }
}
