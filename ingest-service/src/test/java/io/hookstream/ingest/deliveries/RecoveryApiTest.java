package io.hookstream.ingest.deliveries;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static io.hookstream.ingest.api.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.IngestFixture;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ApiClient.Answer;
import io.hookstream.testkit.ScriptedReceiver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Missed events by time window, and test sends to a live receiver. */
class RecoveryApiTest {
  static IngestFixture fixture;
  static ApiClient api;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    receiver = new ScriptedReceiver();
    api.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}");
    api.post("/v1/tenants", ADMIN, "{\"id\":\"globex\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.shipped\"}");
  }

  @AfterAll
  static void stop() {
    receiver.close();
    fixture.close();
  }

  @Test
  void missedEventsByTimeWindowTypeAndCursor() throws Exception {
    List<String> before = publish(3, "order.created");
    Thread.sleep(50);
    Instant from = Instant.now();
    Thread.sleep(50);
    List<String> inside = publish(5, "order.created");
    List<String> shipped = publish(2, "order.shipped");
    api.post("/v1/tenants/globex/events", ADMIN, "{\"type\":\"order.created\",\"data\":{}}");
    Thread.sleep(50);
    Instant to = Instant.now();
    Thread.sleep(50);
    publish(2, "order.created");

    JsonNode window = api.get("/v1/tenants/acme/events?since=" + from + "&until=" + to, ADMIN).body();
    List<String> ids = window.get("data").findValuesAsText("id");
    List<String> expected = new ArrayList<>(inside);
    expected.addAll(shipped);
    assertThat(ids).isEqualTo(expected);
    assertThat(ids).doesNotContainAnyElementsOf(before);
    assertThat(window.get("data").get(0).get("data").get("n").asInt()).isZero();

    assertThat(api.get("/v1/tenants/acme/events?since=" + from + "&until=" + to
        + "&type=order.shipped", ADMIN).body().get("data").findValuesAsText("id")).isEqualTo(shipped);

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = api.get("/v1/tenants/acme/events?since=" + from + "&until=" + to + "&limit=3"
          + (cursor == null ? "" : "&cursor=" + cursor), ADMIN).body();
      paged.addAll(page.get("data").findValuesAsText("id"));
      cursor = page.path("nextCursor").asText(null);
    } while (cursor != null);
    assertThat(paged).isEqualTo(expected);

    assertError(api.get("/v1/tenants/acme/events", ADMIN), 400, "missing_field", "since");
    assertError(api.get("/v1/tenants/acme/events?since=yesterday", ADMIN), 400, "invalid_value",
        "since");
  }

  @Test
  void testSendsAnswerTheAttemptAndAreSigned() throws Exception {
    Answer created = api.post("/v1/tenants/acme/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/ping") + "\",\"events\":[\"order.*\"]}");
    String id = created.text("id");
    Answer result = api.post("/v1/tenants/acme/webhooks/" + id + "/test", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"hello\":\"world\"}}");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body().get("delivered").asBoolean()).isTrue();
    assertThat(result.body().get("statusCode").asInt()).isEqualTo(200);
    RecordedRequest got = receiver.requests("/ping").get(0);
    byte[] body = got.getBody().readByteArray();
    WebhookVerifier.of(created.text("secret")).verify(Map.of(
        "webhook-id", got.getHeader("webhook-id"),
        "webhook-timestamp", got.getHeader("webhook-timestamp"),
        "webhook-signature", got.getHeader("webhook-signature")), body);
    assertThat(got.getHeader("webhook-id")).isEqualTo(result.text("eventId"));
    assertThat(new String(body)).contains("\"type\":\"order.created\"").contains("\"hello\":\"world\"");

    receiver.script("/down", new MockResponse().setResponseCode(500).setBody("maintenance"));
    Answer failed = api.post("/v1/webhooks/test", ADMIN, "{\"url\":\"" + receiver.url("/down")
        + "\",\"secret\":\"plain\",\"signature\":{\"scheme\":\"hmac-sha256-hex\","
        + "\"header\":\"X-Authorization-HMAC-256\"}}");
    assertThat(failed.body().get("delivered").asBoolean()).isFalse();
    assertThat(failed.body().get("statusCode").asInt()).isEqualTo(500);
    assertThat(failed.text("response")).isEqualTo("maintenance");
    RecordedRequest unregistered = receiver.requests("/down").get(0);
    assertThat(unregistered.getHeader("X-Authorization-HMAC-256")).hasSize(64);
    assertThat(new String(unregistered.getBody().readByteArray())).contains("hookstream.test");

    Answer unreachable = api.post("/v1/webhooks/test", ADMIN,
        "{\"url\":\"http://127.0.0.1:1/nothing\"}");
    assertThat(unreachable.body().get("delivered").asBoolean()).isFalse();
    assertThat(unreachable.text("error")).startsWith("connection failed");
    assertError(api.post("/v1/webhooks/test", null, "{\"url\":\"https://example.com\"}"), 401,
        "unauthorized", null);
  }

  static List<String> publish(int n, String type) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(api.post("/v1/tenants/acme/events", ADMIN, "{\"type\":\"" + type
          + "\",\"data\":{\"n\":" + i + "}}").text("id"));
    }
    return ids;
  }
}
