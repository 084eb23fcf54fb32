package io.hookstream.standalone;

import static io.hookstream.standalone.ProcessTests.ADMIN;
import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;

/**
 * Operational webhooks from outside, around a crash (run by {@link SequenceTest}, which owns the
 * {@code kill -9}): a tenant's webhook subscribed to {@code hookstream.*} hears of each
 * dead-lettered delivery, the endpoint failing, its auto-disable, its re-enabling and its
 * recovery, each exactly once, and never of itself.
 */
final class OperationalScenario {
  private final ScriptedReceiver receiver;
  private String failing;
  private String ops;

  OperationalScenario(ScriptedReceiver receiver) {
    this.receiver = receiver;
  }

  /** A failing endpoint dead-letters 3 deliveries, starts failing and is auto-disabled. */
  void beforeCrash(ApiClient api) {
    receiver.otherwise("/failing", r -> status(500));
    assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"ops\"}").status()).isEqualTo(201);
    assertThat(api.patch("/v1/tenants/ops", ADMIN,
        "{\"autoDisable\":{\"consecutiveFailedDeliveries\":3}}").status()).isEqualTo(200);
    failing = api.post("/v1/tenants/ops/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/failing") + "\",\"events\":[\"order.*\"],\"retrySchedule\":[]}")
        .text("id");
    ops = api.post("/v1/tenants/ops/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/ops")
        + "\",\"events\":[\"hookstream.*\"]}").text("id");
    ProcessTests.publish(api, "ops", 3);
    awaitQuietAt(5); // 3 dead letters, the streak reaching 3 failed attempts, the auto-disable
  }

  /** Nothing is announced again after the crash; then the endpoint is enabled and recovers. */
  void afterRestart(ApiClient api) {
    Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
        .until(() -> receiver.requests("/ops").size() == 5);
    receiver.otherwise("/failing", r -> status(200));
    ApiClient.Answer enabled = api.patch("/v1/tenants/ops/webhooks/" + failing, ADMIN,
        "{\"enabled\":true}");
    assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
    ProcessTests.publish(api, "ops", 1);
    awaitQuietAt(7);
  }

  /** Each kind exactly once (exhausted once per delivery), all about the failing endpoint. */
  void verify() throws Exception {
    Map<String, Long> types = new TreeMap<>();
    Set<String> ids = new HashSet<>();
    Set<String> exhausted = new HashSet<>();
    for (RecordedRequest r : receiver.requests("/ops")) {
      JsonNode event = Json.mapper().readTree(r.getBody().clone().readUtf8());
      types.merge(event.get("type").asText(), 1L, Long::sum);
      assertThat(ids.add(r.getHeader("webhook-id"))).as("announced twice: %s", event).isTrue();
      assertThat(event.get("data").get("subscriptionId").asText()).isEqualTo(failing)
          .isNotEqualTo(ops);
      if (event.get("type").asText().equals("hookstream.delivery.exhausted")) {
        exhausted.add(event.get("data").get("deliveryId").asText());
        assertThat(event.get("data").get("lastStatus").asInt()).isEqualTo(500);
      }
    }
    assertThat(types).isEqualTo(Map.of(
        "hookstream.delivery.exhausted", 3L,
        "hookstream.endpoint.failing", 1L,
        "hookstream.endpoint.disabled", 1L,
        "hookstream.endpoint.enabled", 1L,
        "hookstream.endpoint.recovered", 1L));
    assertThat(exhausted).hasSize(3);
  }

  /** Waits until {@code n} requests reached /ops and no more come for three seconds. */
  private void awaitQuietAt(int n) {
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
        receiver.requests("/ops").size() >= n);
    Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> receiver.requests("/ops").size() == n);
    assertThat(receiver.requests("/ops")).as(() -> receiver.requests("/ops").stream()
        .map(r -> r.getBody().clone().readUtf8()).collect(Collectors.joining("\n"))).hasSize(n);
  }
}
