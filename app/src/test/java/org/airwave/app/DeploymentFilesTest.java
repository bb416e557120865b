package org.airwave.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.airwave.app.config.AirwaveConfig;
import org.airwave.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/**
 * The Docker deployment, checked without Docker (CI machines have none; the image is never built
 * here): {@code docker-compose.yml}, the Grafana provisioning files and the dashboard parse, and
 * every file they name exists where the containers will look for it (container paths resolved
 * through the compose bind mounts); the mounted Airwave config is valid and its port is the one
 * Prometheus, compose and the health check use; the {@code Dockerfile} copies every Maven module.
 */
class DeploymentFilesTest {

    /** The project root, from this module's directory (where Maven runs the tests). */
    private static final Path ROOT = Path.of("..");
    private static final Path DASHBOARD = ROOT.resolve("monitoring/grafana/dashboards/airwave.json");
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]+}");

    private final YAMLMapper yaml = new YAMLMapper();
    private final JsonNode compose;
    private final JsonNode services;

    DeploymentFilesTest() throws IOException {
        compose = yaml.readTree(ROOT.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void composeRunsAirwavePrometheusAndGrafanaFromFilesThatExist() {
        assertThat(names(services)).containsExactlyInAnyOrder("airwave", "prometheus", "grafana");
        Set<String> namedVolumes = names(compose.path("volumes"));
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(ROOT.resolve(source)).as("%s mounts %s", service.getKey(), source).exists();
                } else {
                    assertThat(namedVolumes).as("%s's volume %s is declared", service.getKey(), source).contains(source);
                }
            }
            for (JsonNode dependency : service.getValue().path("depends_on")) {
                assertThat(names(services)).contains(dependency.asText());
            }
        }
        JsonNode build = services.path("airwave").path("build");
        Path context = ROOT.resolve(build.isTextual() ? build.asText() : build.path("context").asText("."));
        assertThat(context.resolve(build.path("dockerfile").asText("Dockerfile"))).exists();
        assertThat(texts(services.path("airwave").path("ports"))).containsExactlyInAnyOrder("8000:8000", "8001:8001");
    }

    @Test
    void airwaveRunsTheMountedConfigWithPasswordsTheOperatorMustSet() throws Exception {
        JsonNode airwave = services.path("airwave");
        List<String> command = texts(airwave.path("command"));
        Path config = hostPath(airwave, command.get(command.indexOf("--config") + 1));
        assertThat(config).isEqualTo(ROOT.resolve("monitoring/airwave-docker.yaml"));

        AirwaveConfig loaded = ConfigLoader.load(config, Map.of());
        assertThat(loaded.server().port()).as("the port compose publishes, Prometheus scrapes and the health check asks")
                .isEqualTo(8000);
        assertThat(loaded.server().sourcePassword()).as("no password in the shipped file").isEmpty();
        assertThat(loaded.server().adminPassword()).isEmpty();
        for (String option : List.of("--source-password", "--admin-password")) {
            assertThat(command.get(command.indexOf(option) + 1)).as(option).matches(REQUIRED_VARIABLE);
        }
        assertThat(services.path("grafana").path("environment").path("GF_SECURITY_ADMIN_PASSWORD").asText())
                .matches(REQUIRED_VARIABLE);
    }

    @Test
    void prometheusLoadsTheShippedConfigWhoseRulesAndTargetsResolve() throws Exception {
        JsonNode prometheus = services.path("prometheus");
        String configOption = texts(prometheus.path("command")).stream().filter(o -> o.startsWith("--config.file="))
                .findFirst().orElseThrow();
        Path config = hostPath(prometheus, configOption.substring("--config.file=".length()));
        assertThat(config).isRegularFile();
        JsonNode scrape = yaml.readTree(config.toFile());
        for (JsonNode rules : scrape.path("rule_files")) {
            assertThat(config.resolveSibling(rules.asText())).isRegularFile();
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode job : scrape.path("scrape_configs")) {
            for (JsonNode staticConfig : job.path("static_configs")) {
                targets.addAll(texts(staticConfig.path("targets")));
            }
        }
        assertThat(targets).contains("airwave:8000");
        for (String target : targets) {
            String host = target.substring(0, target.indexOf(':'));
            assertThat(host.equals("localhost") || services.has(host)).as("target %s", target).isTrue();
        }
    }

    @Test
    void grafanaProvisionsThePrometheusDatasourceAndTheDashboard() throws Exception {
        JsonNode grafana = services.path("grafana");
        Path provisioning = hostPath(grafana, "/etc/grafana/provisioning");
        List<Path> datasourceFiles = yamlFiles(provisioning.resolve("datasources"));
        assertThat(datasourceFiles).isNotEmpty();
        for (Path file : datasourceFiles) {
            JsonNode provisioned = yaml.readTree(file.toFile());
            assertThat(provisioned.path("apiVersion").asInt()).isEqualTo(1);
            for (JsonNode datasource : provisioned.path("datasources")) {
                URI url = URI.create(datasource.path("url").asText());
                assertThat(services.has(url.getHost())).as("datasource host %s is a compose service", url.getHost())
                        .isTrue();
                assertThat(url.getPort()).isEqualTo(9090);
                assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
            }
        }
        List<Path> providerFiles = yamlFiles(provisioning.resolve("dashboards"));
        assertThat(providerFiles).isNotEmpty();
        for (Path file : providerFiles) {
            JsonNode provisioned = yaml.readTree(file.toFile());
            assertThat(provisioned.path("apiVersion").asInt()).isEqualTo(1);
            for (JsonNode provider : provisioned.path("providers")) {
                Path dashboards = hostPath(grafana, provider.path("options").path("path").asText());
                assertThat(dashboards.resolve("airwave.json")).isEqualTo(DASHBOARD.normalize())
                        .isRegularFile();
            }
        }
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(hostPath(grafana, home)).isRegularFile();
    }

    @Test
    void dashboardParsesWithUniquePanelsThatDoNotOverlap() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("airwave");
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
            JsonNode grid = panel.path("gridPos");
            int[] box = {grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(), grid.path("h").asInt()};
            assertThat(box[0] + box[2]).as("%s fits the 24 columns", panel.path("title")).isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as("%s overlaps another panel", panel.path("title")).isFalse();
            }
            boxes.add(box);
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as("datasource of %s", panel.path("title"))
                        .isEqualTo("${datasource}");
            }
        }
        assertThat(dashboard.path("templating").path("list").get(0).path("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void dockerfileBuildsEveryModuleAndRunsAsNonRootWithAHealthCheck() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(lines.stream().filter(l -> l.startsWith("FROM "))).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        Set<String> copied = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
                String[] parts = line.split("\\s+");
                for (int i = 1; i < parts.length - 1; i++) {
                    assertThat(ROOT.resolve(parts[i])).as(line).exists();
                    copied.add(parts[i]);
                }
            }
        }
        Matcher modules = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
        while (modules.find()) {
            assertThat(copied).as("the Dockerfile copies module %s", modules.group(1)).contains(modules.group(1));
        }
        assertThat(lines).anyMatch(l -> l.matches("USER (?!root\\b)\\S+"));
        assertThat(lines).anyMatch(l -> l.equals("EXPOSE 8000 8001"));
        assertThat(String.join("\n", lines)).containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD .*127\\.0\\.0\\.1:8000/health");
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("**/target");
    }

    /** Where the file a container sees at {@code containerPath} comes from, through the service's bind mounts. */
    private static Path hostPath(JsonNode service, String containerPath) {
        Path best = null;
        int bestLength = -1;
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            String target = parts[1];
            boolean covers = containerPath.equals(target) || containerPath.startsWith(target + "/");
            if (covers && target.length() > bestLength && parts[0].startsWith(".")) {
                best = ROOT.resolve(parts[0]).resolve(containerPath.substring(target.length()).replaceFirst("^/", ""))
                        .normalize();
                bestLength = target.length();
            }
        }
        assertThat(best).as("a bind mount provides %s", containerPath).isNotNull();
        return best;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList();
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.properties().forEach(property -> names.add(property.getKey()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
