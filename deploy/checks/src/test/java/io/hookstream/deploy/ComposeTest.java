package io.hookstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.dispatch.DispatcherConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose read as {@code docker compose} reads it (anchors, merge keys, {@code .env}
 * interpolation) and checked against the services: a three-node KRaft cluster that agrees with
 * itself, each service's environment accepted and fully read by that service, two dispatchers,
 * and Prometheus and Grafana wired to files that exist.
 */
class ComposeTest {
  static final Path COMPOSE = Repo.path("deploy/compose");
  static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::([-?])([^}]*))?}");

  final Map<String, Object> compose = Repo.yaml(COMPOSE.resolve("compose.yaml")).get(0);
  final Map<String, String> dotEnv = Repo.envFile(COMPOSE.resolve(".env"));

  @Test
  void threeKafkaNodesOfTheClientVersionFormOneReplicatedCluster() {
    List<String> nodes = List.of("kafka-1", "kafka-2", "kafka-3");
    String voters = "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093";
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> node = service(nodes.get(i));
      assertThat(node.get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
      Map<String, String> env = environment(node);
      assertThat(env).containsEntry("KAFKA_NODE_ID", String.valueOf(i + 1))
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
          .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + nodes.get(i) + ":9092")
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
      // KRaft refuses to format with anything but a base64 UUID.
      assertThat(Uuid.fromString(env.get("CLUSTER_ID"))).isNotNull();
      assertThat(node).containsKey("healthcheck");
    }
  }

  @Test
  void eachServiceStartsWithItsEnvironmentAndReadsAllOfIt() {
    for (String name : Repo.SERVICES) {
      Map<String, Object> service = service(name);
      Map<String, String> env = environment(service);
      try {
        assertThat(ServiceEnvironment.unread(name, env)).as("variables " + name + " never reads")
            .isEmpty();
      } catch (ConfigException e) {
        fail(name + " would not start with this environment: " + e.getMessage());
      }
      assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS"))
          .isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
      @SuppressWarnings("unchecked")
      Map<String, Object> build = (Map<String, Object>) service.get("build");
      Path context = COMPOSE.resolve((String) build.get("context")).normalize();
      assertThat(context).isEqualTo(Repo.ROOT);
      assertThat(context.resolve((String) build.get("dockerfile")))
          .isEqualTo(Repo.path(name + "/Dockerfile")).exists();
      @SuppressWarnings("unchecked")
      Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
      assertThat(dependsOn).containsOnlyKeys("kafka-1", "kafka-2", "kafka-3");
    }
    assertThat(ports(service("ingest-service")))
        .containsExactly("8080:" + environment(service("ingest-service")).get("HOOKSTREAM_HTTP_PORT"));
  }

  @Test
  void twoDispatchersThatGetTimeToFinishTheirWorkOnStop() {
    Map<String, Object> dispatcher = service("dispatcher-worker");
    @SuppressWarnings("unchecked")
    Map<String, Object> deploy = (Map<String, Object>) dispatcher.get("deploy");
    assertThat(deploy.get("replicas")).isEqualTo(2);
    assertThat(dispatcher).doesNotContainKey("ports");
    long grace = DispatcherConfig.fromEnv(Env.of(environment(dispatcher))).shutdownGrace()
        .toSeconds();
    assertThat(seconds((String) dispatcher.get("stop_grace_period"))).isGreaterThan(grace);
  }

  @Test
  void prometheusScrapesEveryServiceAndGrafanaIsProvisionedFromTheRepository() {
    for (String name : List.of("prometheus", "grafana")) {
      for (String volume : volumes(service(name))) {
        assertThat(COMPOSE.resolve(volume.split(":")[0]).normalize()).as(volume).exists();
      }
    }
    assertThat(volumes(service("grafana")))
        .contains("../grafana/dashboards:/var/lib/grafana/dashboards:ro");
    String dashboardsPath = Repo.read(Repo.path(
        "deploy/grafana/provisioning/dashboards/hookstream.yml"));
    assertThat(dashboardsPath).contains("path: /var/lib/grafana/dashboards");
    assertThat(Repo.read(Repo.path("deploy/grafana/provisioning/datasources/prometheus.yml")))
        .contains("url: http://prometheus:9090");

    Map<String, Object> prometheus = Repo.yaml(Repo.path("deploy/prometheus/prometheus.yml"))
        .get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs"))
        .get(0);
    assertThat(job.get("job_name")).isEqualTo("hookstream");
    assertThat(job.get("metrics_path")).isEqualTo("/metrics");
    @SuppressWarnings("unchecked")
    Map<String, Object> dns = ((List<Map<String, Object>>) job.get("dns_sd_configs")).get(0);
    assertThat(dns.get("names")).isEqualTo(Repo.SERVICES);
    assertThat(String.valueOf(dns.get("port")))
        .isEqualTo(environment(service("dispatcher-worker")).get("HOOKSTREAM_HTTP_PORT"));

    // The alert rules are the repository's, evaluated by Prometheus and listed by Grafana.
    @SuppressWarnings("unchecked")
    List<String> ruleFiles = (List<String>) prometheus.get("rule_files");
    assertThat(ruleFiles).hasSize(1);
    assertThat(volumes(service("prometheus")))
        .contains("../prometheus/alerts.yml:" + ruleFiles.get(0) + ":ro");
    Map<String, Object> datasource = Repo.yaml(Repo.path(
        "deploy/grafana/provisioning/datasources/prometheus.yml")).get(0);
    assertThat(datasource).extracting("datasources").asList().singleElement()
        .extracting("jsonData").extracting("manageAlerts").isEqualTo(true);
  }

  @Test
  void theLocalTryOutSecretsAreValid() {
    assertThat(dotEnv.get("HOOKSTREAM_ADMIN_TOKEN")).hasSizeGreaterThanOrEqualTo(16);
    assertThat(java.util.Base64.getDecoder().decode(dotEnv.get("HOOKSTREAM_MASTER_KEY")))
        .hasSize(32);
  }

  // ---- compose semantics ---------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private Map<String, Object> service(String name) {
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  /** The service's environment after compose's interpolation from {@code .env}. */
  @SuppressWarnings("unchecked")
  private Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> out = new TreeMap<>();
    ((Map<String, Object>) service.get("environment")).forEach((k, v) -> {
      if (!k.equals("<<")) {
        out.put(k, interpolate(String.valueOf(v)));
      }
    });
    return out;
  }

  private String interpolate(String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String set = dotEnv.get(m.group(1));
      String replacement;
      if (set != null && !set.isEmpty()) {
        replacement = set;
      } else if ("-".equals(m.group(2))) {
        replacement = m.group(3);
      } else {
        throw new AssertionError("${" + m.group(1) + "} is required but .env does not set it");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> ports(Map<String, Object> service) {
    return new ArrayList<>((List<String>) service.get("ports"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> volumes(Map<String, Object> service) {
    return (List<String>) service.get("volumes");
  }

  private static long seconds(String composeDuration) {
    assertThat(composeDuration).matches("\\d+s");
    return Long.parseLong(composeDuration.substring(0, composeDuration.length() - 1));
  }
}
