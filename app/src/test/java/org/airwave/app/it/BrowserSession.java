package org.airwave.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian {@code chromium}) with one page, driven over the Chrome DevTools
 * Protocol with the JDK's own WebSocket client: navigate, evaluate JavaScript, resize the viewport,
 * take screenshots. Every call is bounded by {@link #CALL_TIMEOUT}; the browser runs with a fresh
 * profile directory that {@link #close()} deletes, and is killed if it does not exit.
 */
final class BrowserSession implements AutoCloseable {

    static final String EXECUTABLE = "chromium";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final List<String> log;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private BrowserSession(Process process, Path profile, WebSocket socket, List<String> log) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.log = log;
    }

    /** Starts Chromium headless with the flags that work in containers, and attaches to its page. */
    static BrowserSession launch() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("airwave-chromium-");
        Process process = new ProcessBuilder(EXECUTABLE, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=1024,768", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (log.size() < 500) {
                        log.add(line);
                    }
                    Matcher matcher = DEVTOOLS.matcher(line);
                    if (matcher.find()) {
                        browserUrl.complete(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                browserUrl.completeExceptionally(e);
            }
            browserUrl.completeExceptionally(new IOException("chromium ended before announcing DevTools"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            URI devtools = URI.create(browserUrl.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            String page = pageSocketUrl(devtools);
            BrowserSession[] session = new BrowserSession[1];
            CountDownLatch attached = new CountDownLatch(1);
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(CALL_TIMEOUT)
                    .buildAsync(URI.create(page), new Listener(session, attached))
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            session[0] = new BrowserSession(process, profile, socket, log);
            attached.countDown();
            session[0].call("Page.enable", JSON.createObjectNode());
            session[0].call("Runtime.enable", JSON.createObjectNode());
            return session[0];
        } catch (Exception e) {
            stop(process, profile);
            throw new IOException("cannot drive chromium: " + e + "; its log:\n" + String.join("\n", log), e);
        }
    }

    /** The DevTools WebSocket of the browser's first page, from its {@code /json/list}. */
    private static String pageSocketUrl(URI browser) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(list).timeout(CALL_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(answer.body())) {
            if ("page".equals(target.path("type").asText())) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        throw new IOException("no page target in " + answer.body());
    }

    /** Loads {@code url} and waits until its document has loaded. */
    void navigate(String url) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        call("Page.navigate", params);
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (!"complete".equals(evaluate("document.readyState").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page " + url + " did not load within " + CALL_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** The value of a JavaScript expression (promises are awaited); throws on a JavaScript exception. */
    JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("JavaScript failed: " + expression + "\n" + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Emulates a viewport (a phone with {@code mobile} true). */
    void viewport(int width, int height, boolean mobile) throws Exception {
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", mobile));
    }

    /** Saves a PNG of the page as it is now. */
    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** What Chromium printed (for failure messages). */
    String log() {
        return String.join("\n", log);
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            log.add("unreadable DevTools message: " + e);
        }
    }

    /** Stops the browser and every process it started (renderers, zygote, crash handler), then its profile. */
    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        stop(process, profile);
    }

    private static void stop(Process process, Path profile) throws IOException, InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
            child.onExit().completeOnTimeout(child, 5, TimeUnit.SECONDS).join();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) throws IOException, InterruptedException {
        for (int attempt = 0; Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException stillWritten) {
                if (attempt >= 10) {
                    throw new IOException("cannot delete the browser profile " + root, stillWritten);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Collects text frames into messages and hands them to the session once it exists. */
    private static final class Listener implements WebSocket.Listener {

        private final BrowserSession[] session;
        private final CountDownLatch attached;
        private final StringBuilder partial = new StringBuilder();

        Listener(BrowserSession[] session, CountDownLatch attached) {
            this.session = session;
            this.attached = attached;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                try {
                    if (attached.await(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        session[0].received(message);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
