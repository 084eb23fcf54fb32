package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An endpoint fails until it is switched off; the tenant's watcher hears of it; the endpoint is
 * fixed, re-enabled and replayed: every event arrives exactly once more, with its original
 * webhook-id, and the metrics agree with the receiver.
 */
class RecoveryTest {
  static StandaloneFixture hookstream;
  static ApiClient api;
  static ScriptedReceiver receiver;
  static final AtomicBoolean broken = new AtomicBoolean(true);

  @BeforeAll
  static void start() {
    receiver = new ScriptedReceiver();
    receiver.otherwise("/orders", r -> broken.get()
        ? new MockResponse().setResponseCode(500).setBody("db down")
        : new MockResponse().setResponseCode(200));
    hookstream = new StandaloneFixture(Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s"));
    api = hookstream.api;
  }

  @AfterAll
  static void stop() {
    hookstream.close();
    receiver.close();
  }

  @Test
  void failingUntilDisabledThenReEnabledAndReplayed() throws Exception {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"shop\"}");
    assertThat(api.patch("/v1/tenants/shop", ADMIN,
        "{\"autoDisable\":{\"consecutiveFailedDeliveries\":3}}").status()).isEqualTo(200);
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        api.get("/v1/event-types/" + SystemEventTypes.ENDPOINT_DISABLED, ADMIN).status() == 200);
    String sub = api.post("/v1/tenants/shop/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/orders")
        + "\",\"events\":[\"order.*\"]}").text("id");
    api.post("/v1/tenants/shop/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/ops")
        + "\",\"events\":[\"" + SystemEventTypes.ENDPOINT_DISABLED + "\"]}");
    Instant since = Instant.now().minusSeconds(1);

    Set<String> published = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      published.add(api.post("/v1/tenants/shop/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}").text("id"));
    }
    // 3 deliveries × 2 attempts each fail → the third failed delivery switches the endpoint off
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        !api.get("/v1/tenants/shop/webhooks/" + sub, ADMIN).body().get("enabled").asBoolean());
    JsonNode webhook = api.get("/v1/tenants/shop/webhooks/" + sub, ADMIN).body();
    assertThat(webhook.get("disabledReason").asText())
        .isEqualTo("auto-disabled after 3 consecutive failed deliveries");
    assertThat(webhook.get("health").get("successRateLastHour").asDouble()).isZero();
    assertThat(webhook.get("health").has("autoDisabledAt")).isTrue();

    // an event published while it is off is recorded and parked, not sent
    published.add(api.post("/v1/tenants/shop/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"n\":3}}").text("id"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        api.get("/v1/tenants/shop/webhooks/" + sub + "/deliveries?status=failed", ADMIN)
            .body().get("data").size() == 4);
    int sentWhileBroken = receiver.requests("/orders").size();
    assertThat(sentWhileBroken).isEqualTo(6);
    JsonNode failed = api.get("/v1/tenants/shop/webhooks/" + sub + "/deliveries?status=failed",
        ADMIN).body().get("data");
    assertThat(failed.findValuesAsText("eventId")).containsExactlyInAnyOrderElementsOf(published);
    assertThat(failed.findValues("statusCode").stream().map(JsonNode::asInt)
        .collect(Collectors.toSet())).containsExactly(500);
    assertThat(failed.findValuesAsText("outcome")).contains("disabled", "dead_lettered",
        "retry_scheduled");

    // the tenant's watcher was told
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests("/ops").isEmpty());
    JsonNode notice = Json.mapper().readTree(receiver.requests("/ops").get(0).getBody().readUtf8());
    assertThat(notice.get("type").asText()).isEqualTo(SystemEventTypes.ENDPOINT_DISABLED);
    assertThat(notice.get("data").get("subscriptionId").asText()).isEqualTo(sub);

    // fixed, re-enabled, replayed: each event exactly once more, same webhook-id
    broken.set(false);
    assertThat(api.patch("/v1/tenants/shop/webhooks/" + sub, ADMIN, "{\"enabled\":true}").status())
        .isEqualTo(200);
    ApiClient.Answer replay = api.post("/v1/tenants/shop/webhooks/" + sub + "/replay", ADMIN,
        "{\"since\":\"" + since + "\",\"status\":\"failed\"}");
    assertThat(replay.status()).as(replay.raw()).isEqualTo(202);
    assertThat(replay.body().get("queued").asInt()).isEqualTo(4);
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> receiver.requests("/orders").size() >= sentWhileBroken + 4);
    // nothing beyond the four replayed ones
    Awaitility.await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(10))
        .until(() -> receiver.requests("/orders").size() == sentWhileBroken + 4);
    List<RecordedRequest> after = receiver.requests("/orders")
        .subList(sentWhileBroken, receiver.requests("/orders").size());
    assertThat(after).extracting(r -> r.getHeader("webhook-id"))
        .containsExactlyInAnyOrderElementsOf(published);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        api.get("/v1/tenants/shop/webhooks/" + sub + "/deliveries?status=succeeded", ADMIN)
            .body().get("data").size() == 4);

    // the metrics agree with the receiver
    String metrics = api.get("/metrics", null).raw();
    assertThat(sample(metrics, "hookstream_deliveries_total{outcome=\"delivered\"}")).isGreaterThanOrEqualTo(5);
    assertThat(sample(metrics, "hookstream_deliveries_total{outcome=\"dead_lettered\"}")).isEqualTo(3);
    assertThat(sample(metrics, "hookstream_deliveries_total{outcome=\"disabled\"}")).isEqualTo(1);
    assertThat(sample(metrics, "hookstream_deliveries_total{outcome=\"retry_scheduled\"}")).isEqualTo(3);
    assertThat(sample(metrics, "hookstream_attempts_total{status_class=\"5xx\"}")).isEqualTo(6);
    assertThat(sample(metrics, "hookstream_dlq_records_total")).isEqualTo(4);
    assertThat(sample(metrics, "hookstream_retries_scheduled_total{tier=\"hookstream.retry.1s\"}"))
        .isEqualTo(3);
    assertThat(sample(metrics, "hookstream_events_ingested_total")).isEqualTo(4);
    assertThat(sample(metrics, "hookstream_subscriptions_disabled")).isZero();
    for (String name : List.of("hookstream_attempt_duration_seconds_bucket",
        "hookstream_delivery_latency_seconds_bucket", "hookstream_dispatch_in_flight",
        "hookstream_endpoints_limited", "kafka_consumer_fetch_manager_records_lag",
        "kafka_stream_thread_process_rate", "hookstream_retries_released_total")) {
      assertThat(metrics).as(name).contains(name);
    }
  }

  static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no sample " + series);
  }
}
