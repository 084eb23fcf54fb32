package io.hookstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first hour, as the README walks it, with the packaged standalone jar and its own
 * logging configuration: start it, make a tenant, an event type and a webhook, see a delivery
 * verified and in the log, a failing receiver reach the DLQ ({@code tail} shows it), develop
 * against a local app with {@code listen}, stop. Nothing on the way logs a WARN or an ERROR.
 */
class FirstHourIT {
  private static final Path JAR = Repo.path("deploy/standalone/target/hookstream-standalone.jar");
  private static final Pattern LEVEL = Pattern.compile("^\\S+ (WARN|ERROR) ");

  /** Under target/, as ./data would be: Kafka Streams warns of a state directory in /tmp. */
  private final Path dir = Path.of("target", "first-hour-" + System.nanoTime()).toAbsolutePath();

  @Test
  void theWalkThroughWorksAndLogsNoWarningOrError() throws Exception {
    Files.createDirectories(dir);
    Map<String, String> env = new HashMap<>();
    env.put("HOOKSTREAM_DATA_DIR", dir.resolve("data").toString());
    env.put("HOOKSTREAM_HTTP_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.put("HOOKSTREAM_EMBEDDED_KAFKA_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.put("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true");
    env.put("HOOKSTREAM_RETRY_SCHEDULE", "1s,2s");
    ServiceProcess hookstream = ServiceProcess.startJar(JAR, env, dir.resolve("standalone.log"));
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      hookstream.awaitLog("Hookstream is up", Duration.ofSeconds(180));
      String token = Files.readString(dir.resolve("data/admin-token")).strip();
      ApiClient api = new ApiClient(hookstream.httpPort());

      // 1-4: tenant, event type, webhook, an event: delivered, signed, in the log
      assertThat(api.post("/v1/tenants", token, "{\"id\":\"acme\",\"name\":\"Acme Corp\"}")
          .status()).isEqualTo(201);
      assertThat(api.post("/v1/event-types", token, "{\"name\":\"order.created\"}").status())
          .isEqualTo(201);
      String secret = webhook(api, token, receiver.url("/hooks")).text("secret");
      String first = publish(api, token);
      RecordedRequest got = awaitOne(receiver, "/hooks");
      assertThat(got.getHeader("webhook-id")).isEqualTo(first);
      WebhookVerifier.of(secret).verify(headers(got), got.getBody().readByteArray());
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
          api.get("/v1/tenants/acme/deliveries?status=succeeded", token).body().path("data")
              .findValuesAsText("eventId").contains(first));

      // a receiver that always fails: retried on the schedule, then dead-lettered
      receiver.otherwise("/down", r -> new MockResponse().setResponseCode(500));
      String down = webhook(api, token, receiver.url("/down")).text("id");
      String lost = publish(api, token);
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
          api.get("/v1/tenants/acme/webhooks/" + down + "/deliveries?status=failed", token)
              .body().path("data").findValuesAsText("eventId").contains(lost));
      assertThat(receiver.requests("/down")).hasSize(3);
      ServiceProcess tail = ServiceProcess.startJar(JAR, List.of("tail", "hookstream.dlq",
          "--from-beginning", "--max", "1"), env, dir.resolve("tail.log"));
      assertThat(tail.awaitExit(Duration.ofSeconds(60))).as(tail.tail()).isZero();
      assertThat(tail.output()).contains(lost).contains("\"reason\":\"dead_lettered\"");

      listenForwardsSignedAndCleansUp(api, token, env, receiver);

      // /metrics is for people too: Kafka's client meters summarized per client by default
      String metrics = api.get("/metrics", null).raw();
      System.out.printf("/metrics: %d bytes, %d lines%n", metrics.length(),
          metrics.lines().count());
      assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max{")
          .contains("hookstream_deliveries_total{").doesNotContain("node_id=\"")
          .doesNotContain("partition=\"");
      assertThat(metrics.length()).isLessThan(150_000);
    } finally {
      hookstream.close();
    }
    // Expected only where the checkout itself is in the OS temp directory (a CI clone): Kafka
    // Streams warns that a state directory there may be cleared.
    boolean inTmp = dir.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    List<String> complaints = hookstream.output().lines()
        .filter(line -> LEVEL.matcher(line).find())
        .filter(line -> !(inTmp && line.contains("Using an OS temp directory in the state.dir")))
        .toList();
    assertThat(complaints).as("WARN or ERROR lines in a normal start, run and stop").isEmpty();
    assertThat(hookstream.output()).contains("delivery failed finally: webhook");
    KafkaFixture.deleteRecursively(dir);
  }

  /** {@code listen --forward-to}: prints each delivery and its verdict, removes its webhook. */
  private void listenForwardsSignedAndCleansUp(ApiClient api, String token,
      Map<String, String> env, ScriptedReceiver receiver) throws Exception {
    receiver.otherwise("/app", r -> new MockResponse().setResponseCode(202).setBody("queued"));
    ServiceProcess listen = ServiceProcess.startJar(JAR, List.of("listen", "--forward-to",
        receiver.url("/app"), "--tenant", "acme", "--events", "order.*"), env,
        dir.resolve("listen.log"));
    try {
      listen.awaitLog("Forwarding each, signed, to", Duration.ofSeconds(60));
      Matcher printed = Pattern.compile("its secret: (whsec_\\S+)").matcher(listen.output());
      assertThat(printed.find()).as(listen.output()).isTrue();
      String id = publish(api, token);
      RecordedRequest forwarded = awaitOne(receiver, "/app");
      assertThat(forwarded.getHeader("webhook-id")).isEqualTo(id);
      WebhookVerifier.of(printed.group(1)).verify(headers(forwarded),
          forwarded.getBody().readByteArray());
      listen.awaitLog("order.created  " + id + "  attempt 1  signature verified  -> 202 from"
          + " your app", Duration.ofSeconds(30));
      assertThat(listen.output()).contains("queued");
    } finally {
      listen.close();
    }
    assertThat(listen.output()).contains("Removed webhook");
    JsonNode left = api.get("/v1/tenants/acme/webhooks", token).body().path("data");
    assertThat(left.findValuesAsText("name")).doesNotContain("hookstream listen");

    ServiceProcess wrong = ServiceProcess.startJar(JAR, List.of("listen", "--print-only",
        "--secret", "whsec_..."), env, dir.resolve("listen-wrong.log"));
    assertThat(wrong.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(wrong.output()).contains("--secret must be the webhook's whsec_ secret");
  }

  private static ApiClient.Answer webhook(ApiClient api, String token, String url) {
    ApiClient.Answer a = api.post("/v1/tenants/acme/webhooks", token,
        "{\"url\":\"" + url + "\",\"events\":[\"order.*\"]}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a;
  }

  private static String publish(ApiClient api, String token) {
    ApiClient.Answer a = api.post("/v1/tenants/acme/events", token,
        "{\"type\":\"order.created\",\"data\":{\"orderId\":\"o-1001\",\"total\":42.5}}");
    assertThat(a.status()).as(a.raw()).isEqualTo(202);
    return a.text("id");
  }

  private static RecordedRequest awaitOne(ScriptedReceiver receiver, String path) {
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> !receiver.requests(path).isEmpty());
    return receiver.requests(path).get(receiver.requests(path).size() - 1);
  }

  private static Map<String, String> headers(RecordedRequest request) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.getHeaders().forEach(h -> out.put(h.getFirst(), h.getSecond()));
    return out;
  }
}
