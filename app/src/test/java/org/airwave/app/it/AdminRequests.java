package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Icecast admin requests as source clients and station tools send them, over a raw connection.
 * Threading: stateless.
 */
final class AdminRequests {

    /** The admin credentials every {@link RunningServer} and {@link AirwaveProcess} has. */
    static final String ADMIN = "admin:" + RunningServer.ADMIN_PASSWORD;
    /** The source credentials every {@link RunningServer} and {@link AirwaveProcess} has. */
    static final String SOURCE = "source:" + RunningServer.SOURCE_PASSWORD;

    private AdminRequests() {
    }

    /**
     * Sets {@code mount}'s title with {@code /admin/metadata?mode=updinfo} (spaces sent as
     * {@code %20}) and Basic {@code credentials} ("user:password"); fails unless answered 200.
     */
    static void setTitle(int port, String credentials, String mount, String title) throws IOException {
        IcyStreamReader.Response answer = IcyStreamReader.Response.exchange(port,
                "GET /admin/metadata?mode=updinfo&mount=" + mount + "&song="
                        + URLEncoder.encode(title, StandardCharsets.UTF_8).replace("+", "%20") + " HTTP/1.0\r\n"
                        + "Authorization: Basic " + base64(credentials) + "\r\n\r\n");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
