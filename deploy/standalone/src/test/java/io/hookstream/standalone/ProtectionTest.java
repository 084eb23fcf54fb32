package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Endpoint protection slows a sick endpoint and never stops progress, end to end with the
 * schedule {@code 1s,1s,1s}: an endpoint that fails two tries of three still drains, and one that
 * always fails shows its failures in the log and is disabled by the default policy.
 */
class ProtectionTest {
  static StandaloneFixture hookstream;
  static ApiClient api;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() {
    receiver = new ScriptedReceiver();
    hookstream = new StandaloneFixture(Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s,1s,1s"));
    api = hookstream.api;
    api.post("/v1/tenants", ADMIN, "{\"id\":\"prot\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
  }

  @AfterAll
  static void stop() {
    hookstream.close();
    receiver.close();
  }

  @Test
  void anEndpointThatFailsTwoTriesOfThreeGetsEveryEventWithinAMinute() {
    Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    receiver.otherwise("/flaky", r -> {
      String id = r.getHeader("webhook-id");
      if (tries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() <= 2) {
        return status(500);
      }
      delivered.add(id);
      return status(200);
    });
    webhook("/flaky");
    for (int i = 0; i < 100; i++) {
      publish(i);
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() == 100);
    assertThat(tries.values()).allMatch(n -> n.get() == 3);
  }

  @Test
  void anAlwaysFailingEndpointShowsItsFailuresAndIsDisabledWithinAMinute() {
    receiver.otherwise("/dead", r -> status(500));
    String id = webhook("/dead");
    for (int i = 0; i < 100; i++) {
      publish(1000 + i);
    }
    // within seconds the log shows failed deliveries, every attempt with its status
    JsonNode failed = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.get(
        "/v1/tenants/prot/webhooks/" + id + "/deliveries?status=failed", ADMIN).body(),
        b -> b.get("data").size() > 0);
    JsonNode attempts = failed.get("data").get(0).get("attempts");
    assertThat(attempts).hasSize(4);
    assertThat(attempts.findValuesAsText("statusCode")).containsOnly("500");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        !api.get("/v1/tenants/prot/webhooks/" + id, ADMIN).body().get("enabled").asBoolean());
    assertThat(api.get("/v1/tenants/prot/webhooks/" + id, ADMIN).body().get("disabledReason")
        .asText()).contains("5 consecutive failed deliveries");
  }

  static String webhook(String path) {
    ApiClient.Answer a = api.post("/v1/tenants/prot/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(path) + "\",\"events\":[\"order.created\"]}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.text("id");
  }

  static void publish(int n) {
    ApiClient.Answer a = api.post("/v1/tenants/prot/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"n\":" + n + "}}");
    assertThat(a.status()).as(a.raw()).isEqualTo(202);
  }
}
