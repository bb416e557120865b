package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.app.it.MetricsTest.Scrape;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files Airwave ships, against a real server with a source and two listeners on
 * /live (and a relay whose upstream is down) and the Debian {@code prometheus} package's tools: the scrape passes
 * {@code promtool check metrics}; the scrape config and alert rules pass {@code promtool check}
 * and the rules' unit tests; a real Prometheus (loopback, temporary storage, at most ~30 s)
 * scrapes the server with the shipped config and rules, reports the listener count, evaluates
 * every dashboard and alert expression without error and every rule as healthy; and every metric
 * name those expressions use is one the server exports.
 */
@EndToEnd
class PrometheusScrapeTest {

    /** The shipped monitoring files, from this module's directory (where Maven runs the tests). */
    static final Path MONITORING = Path.of("..", "monitoring");
    static final Path PROMETHEUS_DIR = MONITORING.resolve("prometheus");
    static final Path DASHBOARD = MONITORING.resolve("grafana/dashboards/airwave.json");
    private static final Duration PROGRAM_LIMIT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int LISTENERS = 2;

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> peers = new ArrayList<>();
    private RunningServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void startServerWithASourceAndListeners() throws Exception {
        server = RunningServer.start(java.util.Map.of("transcode.ladder", "64"));
        peers.add(ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(60)));
        await().atMost(WAIT).until(() -> server.mount("/live").transcoding().isPresent());
        for (int i = 0; i < LISTENERS; i++) {
            peers.add(IcyStreamReader.open(server.port(), "/live").startPump());
        }
        await().atMost(WAIT).until(() -> server.mount("/live").listeners() == LISTENERS);
        // A relay whose upstream is down, so that the relay meters are exported too.
        int down;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            down = free.getLocalPort();
        }
        server.relays().add("/relay", List.of(org.airwave.ingest.relay.RelayTarget.parse(
                "http://127.0.0.1:" + down + "/live")), false);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable peer : peers) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scrapeOfARunningServerPassesPromtoolCheckMetrics() throws Exception {
        requirePrograms("promtool");
        Path scrape = tmp.resolve("scrape.txt");
        Files.writeString(scrape, fullScrape().text(), StandardCharsets.UTF_8);
        try (ExternalProgram promtool = ExternalProgram.start(List.of("promtool", "check", "metrics"), scrape)) {
            assertThat(promtool.waitFor(PROGRAM_LIMIT)).as(promtool.output()).isZero();
            assertThat(promtool.output()).as("promtool's complaints").isBlank();
        }
    }

    @Test
    void shippedScrapeConfigAndAlertRulesPassPromtool() throws Exception {
        requirePrograms("promtool");
        assertPromtool("check", "config", PROMETHEUS_DIR.resolve("prometheus.yml"));
        assertPromtool("check", "rules", PROMETHEUS_DIR.resolve("alerts.yml"));
        assertPromtool("test", "rules", PROMETHEUS_DIR.resolve("alerts.test.yml"));
    }

    @Test
    void realPrometheusWithTheShippedConfigSeesTheListenersAndEvaluatesEveryExpression() throws Exception {
        requirePrograms("prometheus");
        int apiPort = freePort();
        Path config = testConfig(apiPort);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (ExternalProgram prometheus = ExternalProgram.start(List.of("prometheus",
                "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:" + apiPort, "--log.level=warn"), null)) {
            String api = "http://127.0.0.1:" + apiPort;
            await().atMost(Duration.ofSeconds(10)).ignoreException(ConnectException.class).until(() -> {
                assertThat(prometheus.isAlive()).as(prometheus::output).isTrue();
                return get(http, api + "/-/ready").statusCode() == 200;
            });

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(instantValues(http, api, "airwave_listeners{mount=\"/live\"}"))
                            .as("listeners of /live in Prometheus").containsExactly(String.valueOf(LISTENERS)));
            assertThat(instantValues(http, api, "up{job=\"airwave\"}")).containsExactly("1");
            assertThat(instantValues(http, api, "airwave_source_connected{mount=\"/live\",protocol=\"icecast\"}"))
                    .containsExactly("1");

            for (String expression : dashboardExpressions()) {
                String runnable = LABEL_VALUES.matcher(expression).replaceAll("$1")
                        .replace("$__rate_interval", "1m").replace("$__range", "5m")
                        .replace("$instance", ".*").replace("$mount", ".*");
                JsonNode answer = json.readTree(get(http, api + "/api/v1/query?query=" + encode(runnable)).body());
                assertThat(answer.path("status").asText()).as("%s: %s", expression, answer).isEqualTo("success");
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonNode groups = json.readTree(get(http, api + "/api/v1/rules").body()).path("data").path("groups");
                List<String> rules = new ArrayList<>();
                for (JsonNode group : groups) {
                    for (JsonNode rule : group.path("rules")) {
                        assertThat(rule.path("health").asText()).as("%s: %s", rule.path("name"), rule.path("lastError"))
                                .isEqualTo("ok");
                        rules.add(rule.path("name").asText());
                    }
                }
                assertThat(rules).containsExactlyInAnyOrderElementsOf(alertNames());
            });
        }
    }

    @Test
    void everyDashboardAndAlertExpressionUsesOnlyMetricsTheServerExports() throws Exception {
        Scrape scrape = fullScrape();
        Set<String> exported = scrape.metricNames();
        Set<String> families = new TreeSet<>();
        for (String line : scrape.text().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            }
        }
        Map<String, Set<String>> used = new LinkedHashMap<>();
        for (String expression : dashboardExpressions()) {
            used.put("dashboard: " + expression, metricNames(expression));
        }
        for (String expression : alertExpressions()) {
            used.put("alert rule: " + expression, metricNames(expression));
        }
        assertThat(used).hasSizeGreaterThan(30);
        Set<String> all = new TreeSet<>();
        used.forEach((where, names) -> {
            assertThat(names).as("metric names in %s", where).isNotEmpty();
            for (String name : names) {
                boolean ok = exported.contains(name) || name.equals("up")
                        || families.contains(name.replaceFirst("_(count|sum|bucket)$", ""));
                assertThat(ok).as("%s uses %s, which /metrics does not export", where, name).isTrue();
            }
            all.addAll(names);
        });
        assertThat(all).as("the story the dashboard tells").contains("airwave_listeners",
                "airwave_listener_sent_bytes_total", "airwave_source_connected", "airwave_source_connects_total",
                "airwave_listener_first_byte_seconds_sum", "airwave_requests_rejected_total",
                "jvm_memory_used_bytes", "netty_eventexecutor_tasks_pending", "up");
    }

    @Test
    void metricNameExtractionSkipsFunctionsLabelsAndGroupings() {
        assertThat(metricNames("sum by (mount, reason) (rate(airwave_listener_disconnects_total{instance=~\"$instance\", "
                + "reason=\"slow\"}[$__rate_interval])) * 60 > 0 and on (mount) up offset 5m"))
                .containsExactlyInAnyOrder("airwave_listener_disconnects_total", "up");
        assertThat(metricNames("label_values(airwave_listeners{instance=~\"$instance\"}, mount)"))
                .containsExactly("airwave_listeners");
        assertThat(metricNames("histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket[5m]))) / 1e3"))
                .containsExactly("x_seconds_bucket");
    }

    /** A scrape that has every meter family, including the GC pause timer Micrometer registers at the first GC. */
    private Scrape fullScrape() {
        System.gc();
        Scrape[] scrape = new Scrape[1];
        await().atMost(WAIT).until(() -> {
            scrape[0] = Scrape.of(server);
            return scrape[0].metricNames().contains("jvm_gc_pause_seconds_count");
        });
        return scrape[0];
    }

    /** Every PromQL expression of the dashboard: panel targets and template variable queries. */
    private List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard.path("panels"), expressions);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                expressions.add(query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return expressions;
    }

    private static void collectExpressions(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("expr")) {
                    into.add(field.getValue().asText());
                } else {
                    collectExpressions(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, into));
        }
    }

    private static List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode rule : alertRules()) {
            expressions.add(rule.path("expr").asText());
        }
        return expressions;
    }

    private static List<String> alertNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : alertRules()) {
            names.add(rule.path("alert").asText());
        }
        return names;
    }

    private static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(PROMETHEUS_DIR.resolve("alerts.yml").toFile()).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        assertThat(rules).isNotEmpty();
        return rules;
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,()]+?)\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    /**
     * The metric names a PromQL expression (or a Grafana {@code label_values} query) selects:
     * identifiers that are not functions, keywords, label names in matchers or groupings, or parts
     * of strings, numbers and durations.
     */
    static Set<String> metricNames(String expression) {
        String stripped = LABEL_VALUES.matcher(expression).replaceAll("$1");
        stripped = STRING.matcher(stripped).replaceAll("\"\"");
        stripped = stripped.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^\\]]*]", " ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            if (!KEYWORDS.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * The shipped prometheus.yml pointed at the test server and at this Prometheus itself, with
     * 1 s scrape and evaluation intervals, next to a copy of the shipped rules.
     */
    private Path testConfig(int apiPort) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode config = (ObjectNode) yaml.readTree(PROMETHEUS_DIR.resolve("prometheus.yml").toFile());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        Map<String, String> targets = Map.of("airwave", "127.0.0.1:" + server.port(), "prometheus", "127.0.0.1:" + apiPort);
        for (JsonNode job : config.path("scrape_configs")) {
            String target = targets.get(job.path("job_name").asText());
            assertThat(target).as("a target for job %s", job.path("job_name")).isNotNull();
            ArrayNode list = (ArrayNode) job.path("static_configs").get(0).path("targets");
            list.removeAll().add(target);
        }
        for (JsonNode rules : config.path("rule_files")) {
            Files.copy(PROMETHEUS_DIR.resolve(rules.asText()), tmp.resolve(rules.asText()));
        }
        Path file = tmp.resolve("prometheus.yml");
        yaml.writeValue(file.toFile(), config);
        return file;
    }

    private List<String> instantValues(HttpClient http, String api, String query) throws Exception {
        JsonNode answer = json.readTree(get(http, api + "/api/v1/query?query=" + encode(query)).body());
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
        List<String> values = new ArrayList<>();
        for (JsonNode sample : answer.path("data").path("result")) {
            values.add(sample.path("value").get(1).asText());
        }
        return values;
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static void assertPromtool(String verb, String what, Path file) throws Exception {
        List<String> command = List.of("promtool", verb, what, file.toString());
        try (ExternalProgram promtool = ExternalProgram.start(command, null)) {
            assertThat(promtool.waitFor(PROGRAM_LIMIT)).as("%s:%n%s", command, promtool.output()).isZero();
            assertThat(promtool.output()).contains("SUCCESS");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static void requirePrograms(String... names) {
        for (String name : names) {
            assertThat(ExternalProgram.isInstalled(name)).as(name + " must be installed (Debian prometheus; .ci/run installs it)")
                    .isTrue();
        }
    }
}
