package org.airwave.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every config key that main code names for a reader (in a doc comment's code tag, or in the text of
 * a message) is a key of airwave-defaults.yaml, so an error or a Javadoc never points a user at a key
 * that does not exist.
 */
class ConfigKeysInSourcesTest {

    private static final Path ROOT = Path.of("..");
    private static final String KEY =
            "((?:server|limits|buffer|listeners|shoutcast|transcode|monitoring|relay|mirror|demo)\\.[a-z][a-z0-9-]*\\*?)";
    /** A key in a code tag, or inside a string literal and not part of a longer dotted name. */
    private static final List<Pattern> NAMED_KEYS = List.of(Pattern.compile("\\{@code " + KEY + "}"),
            Pattern.compile("\"[^\"]*?(?<![\\w.])" + KEY + "\\b[^\"]*\""));

    @Test
    void everyKeyNamedInMainCodeExists() throws IOException {
        Set<String> keys = defaultKeys();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path sources : modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .forEach(file -> unknown.addAll(unknownKeys(file, keys)));
                }
            }
        }
        assertThat(keys).as("keys read from the defaults").contains("limits.header-timeout-seconds");
        assertThat(unknown).isEmpty();
    }

    private static List<String> unknownKeys(Path file, Set<String> keys) {
        List<String> unknown = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern pattern : NAMED_KEYS) {
                    Matcher named = pattern.matcher(lines.get(i));
                    while (named.find()) {
                        if (!exists(named.group(1), keys)) {
                            unknown.add(ROOT.relativize(file) + ":" + (i + 1) + " " + named.group(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return unknown;
    }

    /** {@code limits.auth-*} names every key it is a prefix of. */
    private static boolean exists(String key, Set<String> keys) {
        if (key.endsWith("*")) {
            String prefix = key.substring(0, key.length() - 1);
            return keys.stream().anyMatch(k -> k.startsWith(prefix));
        }
        return keys.contains(key);
    }

    private static Set<String> defaultKeys() throws IOException {
        try (InputStream in = ConfigKeysInSourcesTest.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
            Set<String> keys = new HashSet<>();
            collect(new ObjectMapper(new YAMLFactory()).readTree(in), "", keys);
            return keys;
        }
    }

    private static void collect(JsonNode node, String prefix, Set<String> keys) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            keys.add(prefix + name);
            if (node.get(name).isObject()) {
                collect(node.get(name), prefix + name + ".", keys);
            }
        }
    }
}
