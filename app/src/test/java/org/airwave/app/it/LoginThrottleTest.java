package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Password guessing against a real server, on every port and kind of login (Icecast source on the
 * main port, SHOUTcast v1 source on port+1, the admin API, {@code /metrics} with metrics auth),
 * each from its own pair of loopback addresses: after 20 wrong passwords from one address the
 * first five were checked and refused as wrong, the other fifteen refused at once as blocked
 * (429 with Retry-After, or SHOUTcast's refusal with the reason); the right password from another
 * address works at once, the right password from the guessing address is refused too.
 */
@EndToEnd
class LoginThrottleTest {

    private static final int GUESSES = 20;
    private static final int CHECKED = 5;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        // A first block longer than the test, so that every guess after the fifth falls inside it.
        server = RunningServer.start(Map.of("monitoring.metrics-auth", "true", "limits.auth-block-first-seconds", "60"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One kind of login: how to try a password, and what the refusals look like. */
    enum Login {
        ICECAST_SOURCE(Protocol.ICECAST, "HTTP/1.0 401", "HTTP/1.0 429", "HTTP/1.0 200") {
            @Override
            String attempt(String from, String password) throws IOException {
                try (RawConnection connection = new RawConnection(from, server.port())) {
                    connection.send("PUT /throttled HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + basic("source", password) + "\r\nContent-Type: audio/mpeg\r\n\r\n");
                    return connection.readHead();
                }
            }
        },
        SHOUTCAST_SOURCE(Protocol.SHOUTCAST, "invalid password\r\n", "invalid password\r\nToo many failed logins", "OK2") {
            @Override
            String attempt(String from, String password) throws IOException {
                try (RawConnection connection = new RawConnection(from, server.shoutcastPort())) {
                    connection.send(password + "\r\n");
                    String answer = connection.readUntil("\r\n");
                    return answer.startsWith("OK2") ? answer
                            : answer + new String(connection.readToEnd(CLOSE_WAIT), StandardCharsets.ISO_8859_1);
                }
            }
        },
        ADMIN_STATS(Protocol.HTTP, "HTTP/1.0 401", "HTTP/1.0 429", "HTTP/1.0 200") {
            @Override
            String attempt(String from, String password) throws IOException {
                return get(from, "/admin/stats", password);
            }
        },
        METRICS(null, "HTTP/1.0 401", "HTTP/1.0 429", "HTTP/1.0 200") {
            @Override
            String attempt(String from, String password) throws IOException {
                return get(from, "/metrics", password);
            }
        };

        /** The protocol its refusals are counted under, or null where they are not counted. */
        final Protocol protocol;
        final String wrong;
        final String blocked;
        final String granted;

        Login(Protocol protocol, String wrong, String blocked, String granted) {
            this.protocol = protocol;
            this.wrong = wrong;
            this.blocked = blocked;
            this.granted = granted;
        }

        /** Tries {@code password} from local address {@code from}; returns the start of the answer. */
        abstract String attempt(String from, String password) throws IOException;

        String rightPassword() {
            return this == ICECAST_SOURCE || this == SHOUTCAST_SOURCE ? RunningServer.SOURCE_PASSWORD
                    : RunningServer.ADMIN_PASSWORD;
        }
    }

    @ParameterizedTest
    @EnumSource(Login.class)
    void guessesFromOneAddressAreRefusedUncheckedWhileOtherAddressesLogInAtOnce(Login login) throws Exception {
        String guesser = "127.0." + (login.ordinal() + 1) + ".2";
        String owner = "127.0." + (login.ordinal() + 1) + ".3";
        long authBefore = rejections(login, RejectReason.AUTH);
        long blockedBefore = rejections(login, RejectReason.AUTH_BLOCKED);

        for (int i = 0; i < CHECKED; i++) {
            assertThat(login.attempt(guesser, "wrong" + i)).as("guess %d", i).startsWith(login.wrong)
                    .doesNotContain("Too many");
        }
        long start = System.nanoTime();
        for (int i = CHECKED; i < GUESSES; i++) {
            String answer = login.attempt(guesser, "wrong" + i);
            assertThat(answer).as("guess %d", i).startsWith(login.blocked);
            if (answer.startsWith("HTTP")) {
                assertThat(answer).containsPattern("(?i)retry-after: [1-9]");
            }
        }
        Duration blockedGuesses = Duration.ofNanos(System.nanoTime() - start);

        assertThat(blockedGuesses).as("blocked guesses are answered at once").isLessThan(Duration.ofSeconds(5));
        assertThat(login.attempt(owner, login.rightPassword())).startsWith(login.granted);
        assertThat(login.attempt(guesser, login.rightPassword())).startsWith(login.blocked);
        if (login.protocol != null) {
            assertThat(rejections(login, RejectReason.AUTH) - authBefore).isEqualTo(CHECKED);
            assertThat(rejections(login, RejectReason.AUTH_BLOCKED) - blockedBefore).isEqualTo(GUESSES - CHECKED + 1);
        }
    }

    private static long rejections(Login login, RejectReason reason) {
        return login.protocol == null ? 0 : server.stats().rejections(login.protocol, reason);
    }

    private static String get(String from, String path, String password) throws IOException {
        try (RawConnection connection = new RawConnection(from, server.port())) {
            connection.send("GET " + path + " HTTP/1.0\r\nAuthorization: " + basic("admin", password) + "\r\n\r\n");
            return new String(connection.readToEnd(CLOSE_WAIT), StandardCharsets.ISO_8859_1);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
