package org.airwave.core.stream;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One immutable "now playing" state of a mount: title and URL, with a version that grows with
 * every update, and whether the mount has no input (its renditions play silence). Chunks carry the
 * metadata current when they were made, so titles stay aligned with the audio. The no-input state
 * travels to other Airwave servers relaying the mount as {@link #NO_INPUT_ICY_FIELD} in the ICY
 * block, so they can fail over instead of relaying silence.
 *
 * <p>Threading: immutable and safe to share. {@link #derived} memoizes one value computed from
 * it (the serve module keeps the encoded ICY block there, so a title is encoded once and shared
 * by every listener).
 */
public final class StreamMetadata {

    /** The metadata of a mount that never received a title. */
    public static final StreamMetadata EMPTY = new StreamMetadata(0, "", "");

    /**
     * The ICY metadata field an Airwave server adds after {@code StreamTitle=''} while its mount has no
     * input. Players read only {@code StreamTitle} (VLC, mpv and ffmpeg take the blocks' other
     * {@code key='value';} pairs as extra tags or ignore them, as they do Icecast's {@code StreamUrl}).
     */
    public static final String NO_INPUT_ICY_FIELD = "AirwaveInput='none';";

    private final long version;
    private final String title;
    private final String url;
    private final boolean noInput;
    private final AtomicReference<Object> derived = new AtomicReference<>();

    public StreamMetadata(long version, String title, String url) {
        this(version, title, url, false);
    }

    private StreamMetadata(long version, String title, String url, boolean noInput) {
        this.version = version;
        this.title = title == null ? "" : title;
        this.url = url == null ? "" : url;
        this.noInput = noInput;
    }

    /** A newer version carrying the given title and URL (the mount has input again, if it had none). */
    public StreamMetadata next(String newTitle, String newUrl) {
        return new StreamMetadata(version + 1, newTitle, newUrl);
    }

    /** A newer version saying the mount has no input: no title, no URL. */
    public StreamMetadata nextWithoutInput() {
        return new StreamMetadata(version + 1, "", "", true);
    }

    /** Whether the mount had no input (only silence) when this metadata was current. */
    public boolean noInput() {
        return noInput;
    }

    public long version() {
        return version;
    }

    public String title() {
        return title;
    }

    public String url() {
        return url;
    }

    /**
     * Returns the value derived from this metadata by {@code computation}, computing it once. Only
     * one kind of derived value may be kept per metadata object (the first computation wins).
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Function<StreamMetadata, T> computation) {
        Object value = derived.get();
        if (value == null) {
            derived.compareAndSet(null, computation.apply(this));
            value = derived.get();
        }
        return (T) value;
    }

    @Override
    public String toString() {
        return "StreamMetadata{v" + version + ", title='" + title + "'" + (noInput ? ", no input" : "") + "}";
    }
}
