package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hookstream.json.Json;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules only query metrics the services expose (checked against a
 * live /metrics after a scripted run), and promtool accepts the rules and the scrape config.
 */
class ObservabilityTest {
  static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();
  static final Pattern METRIC = Pattern.compile("\\b((?:hookstream|kafka)_[a-z0-9_]+|up)\\b");
  static StandaloneFixture hookstream;
  static ScriptedReceiver receiver;
  static String metrics;

  @BeforeAll
  static void scriptedRun() {
    receiver = new ScriptedReceiver();
    receiver.otherwise("/down", r -> new MockResponse().setResponseCode(503));
    hookstream = new StandaloneFixture(Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s"));
    ApiClient api = hookstream.api;
    api.post("/v1/tenants", ADMIN, "{\"id\":\"obs\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
    api.post("/v1/tenants/obs/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/up")
        + "\",\"events\":[\"*\"]}");
    api.post("/v1/tenants/obs/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/down")
        + "\",\"events\":[\"*\"],\"maxInFlight\":1}");
    for (int i = 0; i < 5; i++) {
      api.post("/v1/tenants/obs/events", ADMIN, "{\"type\":\"order.created\",\"data\":{}}");
    }
    api.post("/v1/tenants/obs/events", ADMIN, "{\"type\":\"nope\",\"data\":{}}");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      metrics = api.get("/metrics", null).raw();
      return metrics.contains("hookstream_deliveries_deferred_total")
          && metrics.matches("(?s).*\\nhookstream_retries_released_total [1-9].*")
          && metrics.contains("hookstream_delivery_latency_seconds_bucket");
    });
  }

  @AfterAll
  static void stop() {
    hookstream.close();
    receiver.close();
  }

  @Test
  void theDashboardQueriesOnlyExposedMetrics() throws Exception {
    JsonNode dashboard = Json.mapper().readTree(DEPLOY.resolve("grafana/dashboards/hookstream.json").toFile());
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("prometheus");
      assertThat(panel.get("targets")).isNotEmpty();
      panel.get("targets").forEach(t -> used.addAll(metricsIn(t.get("expr").asText())));
    }
    assertThat(used).hasSizeGreaterThan(10);
    assertExposed(used);
  }

  @Test
  void theAlertRulesQueryOnlyExposedMetrics() throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory())
        .readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile());
    Set<String> used = new TreeSet<>();
    for (JsonNode rule : rules.get("groups").get(0).get("rules")) {
      used.addAll(metricsIn(rule.get("expr").asText()));
    }
    assertThat(rules.get("groups").get(0).get("rules").findValuesAsText("alert")).contains(
        "HookstreamServiceDown", "HookstreamDeadLettersGrowing", "HookstreamSuccessRateFalling",
        "HookstreamDispatcherLagGrowing", "HookstreamEndToEndLatencyHigh");
    assertExposed(used);
  }

  @Test
  void promtoolAcceptsTheRulesAndTheScrapeConfig(@TempDir Path dir) throws Exception {
    assumeTrue(new File("/usr/bin/promtool").canExecute() || onPath("promtool"),
        "promtool is not installed (Debian: apt-get install prometheus)");
    assertThat(run("promtool", "check", "rules",
        DEPLOY.resolve("prometheus/alerts.yml").toString())).isZero();
    Path config = dir.resolve("prometheus.yml");
    Files.copy(DEPLOY.resolve("prometheus/alerts.yml"), dir.resolve("alerts.yml"));
    Files.writeString(config, Files.readString(DEPLOY.resolve("prometheus/prometheus.yml"))
        .replace("/etc/prometheus/alerts.yml", dir.resolve("alerts.yml").toString()));
    assertThat(run("promtool", "check", "config", config.toString())).isZero();
  }

  static void assertExposed(Set<String> used) {
    Set<String> missing = new TreeSet<>();
    for (String name : used) {
      if (!name.equals("up") && !Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find()) {
        missing.add(name);
      }
    }
    assertThat(missing).as("metrics queried but not exposed").isEmpty();
  }

  static Set<String> metricsIn(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, command).canExecute()) {
        return true;
      }
    }
    return false;
  }

  static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    return p.waitFor();
  }
}
