package org.airwave.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the configuration: the bundled defaults, a YAML file merged over them, then
 * {@code key.path=value} overrides from the command line; binds the result strictly (unknown keys
 * and wrong types are errors naming the key) and validates it. Threading: stateless.
 */
public final class ConfigLoader {

    /** The bundled defaults, also the documentation of every key. */
    public static final String DEFAULTS_RESOURCE = "/airwave-defaults.yaml";
    /** The one list that can be set from the command line ({@code --ladder}, {@code --set transcode.ladder=...}). */
    public static final String LADDER_KEY = "transcode.ladder";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /**
     * @param file a YAML config file, or null for defaults only
     * @param overrides dotted keys ({@code limits.max-sources}) to values, applied last
     */
    public static AirwaveConfig load(Path file, Map<String, String> overrides) throws ConfigException {
        return load(file, overrides, List.of());
    }

    /**
     * @param playlists playlists given on the command line, added to the configured ones
     */
    public static AirwaveConfig load(Path file, Map<String, String> overrides,
                                     List<AirwaveConfig.PlaylistSettings> playlists) throws ConfigException {
        return load(file, overrides, playlists, List.of());
    }

    /**
     * @param relays relays given on the command line ({@code --relay}), merged into the configured ones
     */
    public static AirwaveConfig load(Path file, Map<String, String> overrides,
                                     List<AirwaveConfig.PlaylistSettings> playlists,
                                     List<AirwaveConfig.RelaySource> relays) throws ConfigException {
        ObjectNode tree = defaults();
        if (file != null) {
            merge(tree, readFile(file), "");
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            set(tree, override.getKey(), override.getValue());
        }
        AirwaveConfig config = bind(tree).withPlaylists(playlists).withRelays(relays);
        ConfigValidator.validate(config);
        return config;
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("bundled defaults unreadable", e);
        }
    }

    private static JsonNode readFile(Path file) throws ConfigException {
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not readable");
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("config file " + file + ": the top level must be a mapping of keys");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Deep-merges {@code from} into {@code into}; mappings merge, everything else replaces. */
    private static void merge(ObjectNode into, JsonNode from, String prefix) throws ConfigException {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode existing = into.get(field.getKey());
            if (existing == null) {
                throw new ConfigException("unknown config key '" + key + "'");
            }
            if (existing.isObject() && field.getValue().isObject() && !key.equals("shoutcast.sids")) {
                merge((ObjectNode) existing, field.getValue(), key + ".");
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void set(ObjectNode tree, String dottedKey, String value) throws ConfigException {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new ConfigException("unknown config key '" + dottedKey + "'");
            }
            node = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        if (node.has(leaf) && node.get(leaf).isArray() && dottedKey.equals(LADDER_KEY)) {
            node.set(leaf, ladder(value));
            return;
        }
        if (!node.has(leaf) || node.get(leaf).isContainerNode()) {
            throw new ConfigException("unknown config key '" + dottedKey + "' (only single values can be set)");
        }
        node.set(leaf, TextNode.valueOf(value));
    }

    /** {@code 320,192,32:22050:1} as a ladder node; empty text is an empty ladder. */
    private static com.fasterxml.jackson.databind.node.ArrayNode ladder(String value) throws ConfigException {
        com.fasterxml.jackson.databind.node.ArrayNode rungs = YAML.createArrayNode();
        for (String rung : value.split(",")) {
            if (rung.isBlank()) {
                continue;
            }
            RungSettings parsed = RungSettings.parse(rung);
            rungs.addObject().put("bitrate", parsed.bitrate()).put("sample-rate", parsed.sampleRate())
                    .put("channels", parsed.channels());
        }
        return rungs;
    }

    private static AirwaveConfig bind(ObjectNode tree) throws ConfigException {
        try {
            return YAML.treeToValue(tree, AirwaveConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown config key '" + path(e) + "'");
        } catch (JsonMappingException e) {
            throw new ConfigException("config key '" + path(e) + "': " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration cannot be read: " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
