package org.airwave.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for {@link RequestTarget}, the path and query parser of every port. Invariants: any
 * target (raw bytes as ISO-8859-1 characters, as the request head decoder keeps them) parses
 * without an exception; a path without escapes or non-ASCII bytes is kept as it is ({@code +}
 * included) and reports no bad escape; a path with a {@code %} not followed by two hex digits is
 * reported; every plain parameter name among the first {@link RequestTarget#MAX_PARAMETERS} can be
 * read.
 */
class RequestTargetFuzzTest {

    @FuzzTest
    void target(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        RequestTarget target = RequestTarget.parse(text);
        int question = text.indexOf('?');
        String rawPath = question < 0 ? text : text.substring(0, question);
        if (rawPath.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '%')) {
            assertThat(target.path()).as("a path without escapes is kept as it is").isEqualTo(rawPath);
            assertThat(target.badPathEscape()).as("a path without escapes has no bad one").isFalse();
        }
        if (rawPath.matches("(?s).*%(?![0-9A-Fa-f]{2}).*")) {
            assertThat(target.badPathEscape()).as("a '%%' without two hex digits in %s", rawPath).isTrue();
        }
        if (question >= 0) {
            int read = 0;
            for (String pair : text.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (++read > RequestTarget.MAX_PARAMETERS) {
                    break;
                }
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (name.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                    assertThat(target.has(name)).as("parameter %s", name).isTrue();
                    assertThat(target.parameter(name)).as("parameter %s", name).isNotNull();
                }
            }
        }
    }
}
