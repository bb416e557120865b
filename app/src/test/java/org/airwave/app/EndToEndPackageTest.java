package org.airwave.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;

/**
 * Every test class in {@code org.airwave.app.it} starts a real server, so each must be
 * {@link EndToEnd}: one that is not would run in the fast set and make it slow (JUnit cannot tag
 * a package, hence this check).
 */
class EndToEndPackageTest {

    private static final String PACKAGE = "org.airwave.app.it";

    @Test
    void everyTestClassOfTheEndToEndPackageIsTaggedEndToEnd() throws IOException, URISyntaxException {
        URL directory = getClass().getClassLoader().getResource(PACKAGE.replace('.', '/'));
        assertThat(directory).as("compiled %s", PACKAGE).isNotNull();
        List<String> testClasses;
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            testClasses = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("Test.class") && !name.contains("$"))
                    .map(name -> PACKAGE + "." + name.substring(0, name.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
        assertThat(testClasses).hasSizeGreaterThan(20);
        assertThat(testClasses).allSatisfy(name ->
                assertThat(Class.forName(name).isAnnotationPresent(EndToEnd.class)).as(name).isTrue());
    }
}
