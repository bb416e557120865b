package org.airwave.serve.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The listener page's static files, read once from the classpath ({@code /web/} in this module's
 * resources): {@code /} is {@code index.html}, the others are served under {@code /web/}. No build
 * step, no external resources. Each file carries a strong ETag (a hash of its bytes).
 *
 * <p>Immutable after construction; threading: any.
 */
public final class WebAssets {

    /** URL prefix of the page's files (a mount cannot be served under it). */
    public static final String PREFIX = "/web/";

    /** One file: its bytes (never modified), content type and ETag. */
    public record Asset(byte[] body, String contentType, String etag) {
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final Map<String, Asset> byPath = new LinkedHashMap<>();

    /** Loads every file; a missing one is a packaging error and fails at once. */
    public WebAssets() {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Asset asset = load(file.getKey(), file.getValue());
            byPath.put(PREFIX + file.getKey(), asset);
            if (file.getKey().equals("index.html")) {
                byPath.put("/", asset);
            }
        }
    }

    /** The file served at {@code path}, if any. */
    public Optional<Asset> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public boolean has(String path) {
        return byPath.containsKey(path);
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = WebAssets.class.getResourceAsStream(PREFIX + name)) {
            if (in == null) {
                throw new IllegalStateException("web page file missing from the classpath: " + PREFIX + name);
            }
            byte[] body = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web page file " + name, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
