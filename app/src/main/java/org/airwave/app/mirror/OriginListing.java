package org.airwave.app.mirror;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.airwave.core.mount.MountPaths;

/**
 * Reads the stream paths out of an origin's {@code /status-json.xsl}, as Icecast 2.4 and Airwave
 * write it: {@code icestats.source} is absent (no stream), one object or an array of them, each with
 * a {@code listenurl}; the path of that URL is the stream (the host in it is the origin's public
 * name, which the edge may not reach, so only the path is kept). Threading: stateless.
 */
final class OriginListing {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OriginListing() {
    }

    /**
     * The stream paths listed, in order, without duplicates; entries without a usable
     * {@code listenurl} are left out.
     *
     * @throws IllegalArgumentException when the document is not Icecast status JSON (the message says why)
     */
    static Set<String> streamPaths(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        JsonNode icestats = root == null ? null : root.get("icestats");
        if (icestats == null || !icestats.isObject()) {
            throw new IllegalArgumentException("no icestats object");
        }
        List<JsonNode> sources = new ArrayList<>();
        JsonNode source = icestats.get("source");
        if (source != null && source.isArray()) {
            source.forEach(sources::add);
        } else if (source != null && source.isObject()) {
            sources.add(source);
        }
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode entry : sources) {
            JsonNode url = entry.get("listenurl");
            if (url != null && url.isTextual()) {
                String path = pathOf(url.asText());
                if (path != null) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    private static String pathOf(String listenUrl) {
        try {
            String path = new URI(listenUrl.trim()).getPath();
            return path != null && MountPaths.isValid(path) && MountPaths.reservation(path) == null ? path : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
