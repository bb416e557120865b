package org.airwave.ingest.playlist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * One track of a playlist: where its bytes are (a file or a resource bundled in the jar) and the
 * name to show when its tags have no title.
 *
 * @param location the track's bytes
 * @param fileName the file name, used as the title fallback (extension removed)
 */
public record PlaylistEntry(URL location, String fileName) {

    /** Largest track read into memory ({@code MAX_TRACK_BYTES}); larger files are skipped. */
    public static final int MAX_TRACK_BYTES = 256 << 20;

    /** Reads the whole track (on the playlist thread, never an event loop). */
    public byte[] load() throws IOException {
        try (InputStream in = location.openStream()) {
            byte[] bytes = in.readNBytes(MAX_TRACK_BYTES + 1);
            if (bytes.length > MAX_TRACK_BYTES) {
                throw new IOException("larger than " + MAX_TRACK_BYTES + " bytes (MAX_TRACK_BYTES)");
            }
            return bytes;
        }
    }

    /** The file name without its extension. */
    public String baseName() {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
