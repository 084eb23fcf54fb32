package io.hookstream.standalone;

import static io.hookstream.standalone.ProcessTests.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.json.Json;
import io.hookstream.model.DeadLetter;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ServiceProcess;
import io.hookstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted mix against one standalone process: flaky, dead, slow, hanging, resetting and 410
 * endpoints beside healthy ones; events published by concurrent callers; webhooks renamed,
 * re-described and rotated concurrently all along; one webhook deleted and one moved mid-run; a kill -9 in the
 * middle and a restart on the same data. Then the invariants:
 * <ul>
 *   <li>every accepted event is delivered to each webhook, or dead-lettered with a reason;
 *   <li>nothing reaches a deleted webhook after its DELETE answered, nor a webhook's old URL
 *       after the PATCH that moved it;
 *   <li>no change answered 200 is lost (and the last rotated secret signs);
 *   <li>health checks were answered throughout, while the process was alive.
 * </ul>
 */
class ChaosTest {
  static final String TENANT = "chaos";
  static final int EVENTS = 300;
  static final int PUBLISHERS = 4;

  @TempDir Path dir;

  @Test
  void everyInvariantHoldsThroughSickEndpointsConcurrentEditsAndAKillNine() throws Exception {
    Map<String, String> env = ProcessTests.standaloneEnv(dir);
    int port = Integer.parseInt(env.get("HOOKSTREAM_HTTP_PORT"));
    ApiClient api = new ApiClient(port);
    List<String> accepted = new CopyOnWriteArrayList<>();
    try (ChaosEndpoints endpoints = new ChaosEndpoints();
        HealthWatch health = new HealthWatch(port)) {
      Map<String, String> webhooks;
      long deletedAt;
      long movedAt;
      ChaosEditors editors;
      try (ServiceProcess first = start(env, "first.log", health)) {
        webhooks = setUp(api, endpoints);
        editors = new ChaosEditors(api, TENANT, ChaosEndpoints.EDITED.stream()
            .map(webhooks::get).toList(), health::isUp);
        Future<?> publishing = publish(api, 0, EVENTS / 2, accepted);
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> accepted.size() >= EVENTS / 4);
        assertThat(api.delete("/v1/tenants/" + TENANT + "/webhooks/"
            + webhooks.get(ChaosEndpoints.DELETED), ADMIN).status()).isEqualTo(204);
        deletedAt = System.nanoTime();
        assertThat(api.patch("/v1/tenants/" + TENANT + "/webhooks/"
            + webhooks.get(ChaosEndpoints.MOVED_FROM), ADMIN, "{\"url\":\""
            + endpoints.url(ChaosEndpoints.MOVED_TO) + "\"}").status()).isEqualTo(200);
        movedAt = System.nanoTime();
        publishing.get();
        health.down();
        first.kill9();
      }
      try (ServiceProcess second = start(env, "second.log", health)) {
        editors.restarted();
        publish(api, EVENTS / 2, EVENTS, accepted).get();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> editors.editors().stream()
            .allMatch(e -> e.answeredThisLife >= 2));
        editors.close();
        String last = publishOne(api, "last");

        assertThat(endpoints.delivered(ChaosEndpoints.DELETED)).as("deliveries ran before the"
            + " DELETE").isNotEmpty();
        assertThat(endpoints.arrivedAfter(ChaosEndpoints.DELETED, deletedAt))
            .as("requests to the deleted webhook after its DELETE answered").isZero();
        assertThat(endpoints.arrivedAfter(ChaosEndpoints.MOVED_FROM, movedAt))
            .as("requests to the old URL after the PATCH answered").isZero();
        assertEveryEventEnds(env, endpoints, webhooks, accepted);
        assertNoAnsweredChangeIsLost(api, editors, endpoints, webhooks, last);
        health.down();
        assertThat(health.unanswered()).as("health checks while alive").isEmpty();
        assertThat(health.answered()).isGreaterThan(100);
        // the transactional producers keep one request in flight (deploy/README.md)
        for (String log : List.of("first.log", "second.log")) {
          assertThat(java.nio.file.Files.readAllLines(dir.resolve(log)))
              .as("broker errors in " + log).noneMatch(l -> l.contains("OutOfOrderSequence"));
        }
      }
    }
  }

  static ServiceProcess start(Map<String, String> env, String log, HealthWatch health) {
    ServiceProcess process = CrashRecoveryTest.startAndAwaitUp(env, Path.of(env.get(
        "HOOKSTREAM_DATA_DIR")).resolve(log));
    health.up();
    return process;
  }

  /** A tenant with one webhook per endpoint; answers path → webhook id. */
  static Map<String, String> setUp(ApiClient api, ChaosEndpoints endpoints) {
    assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"" + TENANT + "\"}").status())
        .isEqualTo(201);
    assertThat(api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}").status())
        .isEqualTo(201);
    Map<String, String> ids = new LinkedHashMap<>();
    for (String path : ChaosEndpoints.all()) {
      String timeout = path.equals(ChaosEndpoints.HANGING) ? ",\"timeoutMs\":1000" : "";
      ApiClient.Answer a = api.post("/v1/tenants/" + TENANT + "/webhooks", ADMIN, "{\"url\":\""
          + endpoints.url(path) + "\",\"events\":[\"order.created\"]" + timeout + "}");
      assertThat(a.status()).as(a.raw()).isEqualTo(201);
      ids.put(path, a.text("id"));
    }
    return ids;
  }

  /** Publishes events {@code from} to {@code to} from concurrent callers; keeps the 202s. */
  static Future<?> publish(ApiClient api, int from, int to, List<String> accepted) {
    ExecutorService callers = Executors.newFixedThreadPool(PUBLISHERS);
    List<Future<?>> each = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      int first = from + p;
      each.add(callers.submit(() -> {
        for (int n = first; n < to; n += PUBLISHERS) {
          accepted.add(publishOne(api, "n" + n));
        }
      }));
    }
    callers.shutdown();
    return Executors.newSingleThreadExecutor().submit(() -> {
      for (Future<?> f : each) {
        f.get();
      }
      return null;
    });
  }

  static String publishOne(ApiClient api, String n) {
    ApiClient.Answer a = api.post("/v1/tenants/" + TENANT + "/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"n\":\"" + n + "\"}}");
    assertThat(a.status()).as(a.raw()).isEqualTo(202);
    return a.text("id");
  }

  /**
   * Healthy endpoints (slow and flaky ones included) get every accepted event; sick ones have
   * every event dead-lettered with its reason: nothing is left pending.
   */
  static void assertEveryEventEnds(Map<String, String> env, ChaosEndpoints endpoints,
      Map<String, String> webhooks, List<String> accepted) {
    List<String> healthy = new ArrayList<>(List.of(ChaosEndpoints.OK, ChaosEndpoints.FLAKY,
        ChaosEndpoints.SLOW));
    healthy.addAll(ChaosEndpoints.EDITED);
    List<String> sick = List.of(ChaosEndpoints.HANGING, ChaosEndpoints.RESETTING,
        ChaosEndpoints.DEAD, ChaosEndpoints.GONE);
    try (DeadLetters parked = new DeadLetters(
        "127.0.0.1:" + env.get("HOOKSTREAM_EMBEDDED_KAFKA_PORT"))) {
      Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> {
            parked.poll();
            for (String path : healthy) {
              assertThat(endpoints.delivered(path)).as("delivered to " + path)
                  .containsAll(accepted);
            }
            assertThat(endpoints.deliveredToMoved()).as("delivered to the moved webhook")
                .containsAll(accepted);
            for (String path : sick) {
              assertThat(parked.events(webhooks.get(path))).as("dead-lettered for " + path)
                  .containsAll(accepted);
            }
          });
      for (String path : sick) {
        assertThat(parked.withoutReason(webhooks.get(path))).as("parked without a reason")
            .isEmpty();
      }
    }
  }

  /** Each field shows its last answered value; the last rotated secret signs. */
  static void assertNoAnsweredChangeIsLost(ApiClient api, ChaosEditors editors,
      ChaosEndpoints endpoints, Map<String, String> webhooks, String lastEvent) {
    assertThat(editors.refusals()).as("changes refused").isEmpty();
    Map<String, String> secrets = new HashMap<>();
    for (ChaosEditors.Editor e : editors.editors()) {
      assertThat(e.unansweredSince).as("the last change was answered").isFalse();
      if (e.field.equals("secret")) {
        secrets.put(e.webhook, e.lastAnswered);
      } else {
        assertThat(api.get("/v1/tenants/" + TENANT + "/webhooks/" + e.webhook, ADMIN)
            .text(e.field)).as(e.webhook + " " + e.field).isEqualTo(e.lastAnswered);
      }
    }
    for (String path : ChaosEndpoints.EDITED) {
      RecordedRequest request = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
          endpoints.requests(path).stream().filter(r -> lastEvent.equals(
              r.getHeader("webhook-id"))).findFirst(), java.util.Optional::isPresent).get();
      Map<String, String> headers = new HashMap<>();
      request.getHeaders().forEach(h -> headers.put(h.getFirst(), h.getSecond()));
      String secret = secrets.get(webhooks.get(path));
      try {
        WebhookVerifier.of(secret).verify(headers, request.getBody().readByteArray());
      } catch (Exception e) {
        throw new AssertionError("the last rotated secret of " + path + " does not sign", e);
      }
    }
  }

  /** The DLQ read from the start, kept up to date by {@link #poll()}. */
  static final class DeadLetters implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Set<String>> events = new ConcurrentHashMap<>();
    private final Map<String, List<String>> withoutReason = new ConcurrentHashMap<>();

    DeadLetters(String bootstrap) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> parts = consumer.partitionsFor(Topics.DLQ, Duration.ofSeconds(10))
          .stream().map(p -> new TopicPartition(Topics.DLQ, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    void poll() {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        DeadLetter d = Json.fromBytes(r.value(), DeadLetter.class);
        events.computeIfAbsent(r.key(), k -> new HashSet<>()).add(d.task().eventId().value());
        if (d.reason() == null || (d.statusCode() == null
            && (d.error() == null || d.error().isBlank()))) {
          withoutReason.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new String(r.value(),
              java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }

    Set<String> events(String webhook) {
      return events.getOrDefault(webhook, Set.of());
    }

    List<String> withoutReason(String webhook) {
      return withoutReason.getOrDefault(webhook, List.of());
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
