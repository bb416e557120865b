package org.airwave.core.stream;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One immutable "now playing" state of a mount: title and URL, with a version that grows with
 * every update. Chunks carry the metadata current when they were made, so titles stay aligned
 * with the audio.
 *
 * <p>Threading: immutable and safe to share. {@link #derived} memoizes one value computed from
 * it (the serve module keeps the encoded ICY block there, so a title is encoded once and shared
 * by every listener).
 */
public final class StreamMetadata {

    /** The metadata of a mount that never received a title. */
    public static final StreamMetadata EMPTY = new StreamMetadata(0, "", "");

    private final long version;
    private final String title;
    private final String url;
    private final AtomicReference<Object> derived = new AtomicReference<>();

    public StreamMetadata(long version, String title, String url) {
        this.version = version;
        this.title = title == null ? "" : title;
        this.url = url == null ? "" : url;
    }

    /** A newer version carrying the given title and URL. */
    public StreamMetadata next(String newTitle, String newUrl) {
        return new StreamMetadata(version + 1, newTitle, newUrl);
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
        return "StreamMetadata{v" + version + ", title='" + title + "'}";
    }
}
