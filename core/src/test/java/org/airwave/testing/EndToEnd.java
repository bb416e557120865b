package org.airwave.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class (or method) as end-to-end: it starts a real server, an external program
 * (ffmpeg, mpg123, shout, ezstream, Prometheus, Chromium) or takes more than a few seconds. It
 * carries the JUnit tag {@value #TAG}, which the {@code fast} Maven profile excludes, so
 * {@code mvn test -Pfast} runs only the unit tests and {@code mvn test} runs everything.
 *
 * <p>Put it on every such class; {@code EndToEndPackageTest} (app) keeps {@code org.airwave.app.it}
 * tagged as a whole.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(EndToEnd.TAG)
public @interface EndToEnd {

    /** The JUnit tag; the {@code fast} profile in the parent pom names it too. */
    String TAG = "end-to-end";
}
