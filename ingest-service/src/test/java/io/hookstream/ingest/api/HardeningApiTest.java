package io.hookstream.ingest.api;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static io.hookstream.ingest.api.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.IngestFixture;
import io.hookstream.json.Json;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ApiClient.Answer;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every hole the outside probing found in the request paths, each refused with the JSON error
 * shape and a 4xx, and nothing written.
 */
class HardeningApiTest {
  static IngestFixture fixture;
  static ApiClient api;
  static ScriptedReceiver receiver;
  static String acmeKey;

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start(Map.of("HOOKSTREAM_MAX_WEBHOOKS_PER_TENANT", "3",
        "HOOKSTREAM_TENANT_PUBLISH_RATE", "5"));
    api = fixture.api();
    receiver = new ScriptedReceiver();
    acmeKey = api.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}").text("apiKey");
    api.post("/v1/tenants", ADMIN, "{\"id\":\"quota\"}");
    api.post("/v1/tenants", ADMIN, "{\"id\":\"rate\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
  }

  @AfterAll
  static void stop() {
    receiver.close();
    fixture.close();
  }

  @Test
  void aBodyThatIsNotJsonOrRepeatsAKeyIsRefused() {
    Answer form = api.send("/v1/tenants/acme/events", ADMIN, HttpRequest.newBuilder()
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"order.created\",\"data\":{}}")));
    assertError(form, 415, "unsupported_media_type", "Content-Type");
    Answer dup = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{},\"type\":\"order.shipped\"}");
    assertError(dup, 400, "invalid_json", null);
    assertThat(dup.error("message")).contains("Duplicate field 'type'");
  }

  @Test
  void controlCharactersAndOutOfRangeNumbersAreRefused() {
    assertError(api.post("/v1/tenants", ADMIN, "{\"id\":\"ctl\",\"name\":\"a\\u0000b\"}"), 400,
        "invalid_value", "name");
    assertError(api.post("/v1/tenants", ADMIN, "{\"id\":\"ctl\",\"name\":\"two\\nlines\"}"), 400,
        "invalid_value", "name");
    assertThat(api.get("/v1/tenants/ctl", ADMIN).status()).isEqualTo(404);
    assertError(api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"n\":1e999999}}"), 400, "invalid_value", "data.n");
    assertError(api.post("/v1/tenants/acme/events", ADMIN, "{\"type\":\"order.created\","
        + "\"data\":{\"a\":[1,1" + "0".repeat(400) + "]}}"), 400, "invalid_value", "data.a[1]");
  }

  @Test
  void hookstreamsOwnEventTypesAreReserved() {
    assertError(api.post("/v1/tenants/acme/events", acmeKey, "{\"type\":\"hookstream.endpoint"
        + ".disabled\",\"data\":{\"subscriptionId\":\"sub_x\"}}"), 422, "reserved_event_type",
        "type");
    assertError(api.post("/v1/event-types", ADMIN, "{\"name\":\"hookstream.mine\"}"), 400,
        "invalid_value", "name");
  }

  @Test
  void anIdReusedForOtherContentIsRefusedAndTheSameContentIsAcceptedAgain() {
    String body = "{\"id\":\"order-7\",\"type\":\"order.created\",\"data\":{\"total\":7}}";
    assertThat(api.post("/v1/tenants/acme/events", ADMIN, body).status()).isEqualTo(202);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/v1/tenants/acme/events/order-7", ADMIN).status() == 200);
    assertThat(api.post("/v1/tenants/acme/events", ADMIN, body).status()).isEqualTo(202);
    assertError(api.post("/v1/tenants/acme/events", ADMIN, "{\"id\":\"order-7\","
        + "\"type\":\"order.created\",\"data\":{\"total\":8}}"), 409, "id_reused", "id");
  }

  @Test
  void quotasAnswer429() {
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/v1/tenants/quota/webhooks", ADMIN, "{\"url\":\"https://example.com/"
          + i + "\",\"events\":[\"*\"]}").status()).isEqualTo(201);
    }
    Answer fourth = api.post("/v1/tenants/quota/webhooks", ADMIN,
        "{\"url\":\"https://example.com/4\",\"events\":[\"*\"]}");
    assertError(fourth, 429, "quota_exceeded", null);
    int refused = 0;
    String retryAfter = null;
    for (int i = 0; i < 8; i++) {
      Answer a = api.post("/v1/tenants/rate/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{}}");
      if (a.status() == 429) {
        refused++;
        retryAfter = a.header("Retry-After");
        assertThat(a.error("code")).isEqualTo("too_many_requests");
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(3);
    assertThat(retryAfter).isEqualTo("1");
  }

  @Test
  void everyErrorIsJsonEvenBeforeARouteSeesIt() throws Exception {
    String nul = raw("GET /v1/tenants/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(nul).startsWith("HTTP/1.1 400").contains("application/json")
        .contains("{\"error\":{\"code\":\"bad_request\"");
    String longUri = raw("GET /v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(longUri).startsWith("HTTP/1.1 414").contains("{\"error\":{\"code\":\"uri_too_long\"");
    assertError(api.get("/internal/v1/log/sub_x?limit=many", ADMIN), 400, "invalid_value", null);
    assertError(api.get("/v1/event-types?cursor=Z2FyYmFnZQ", ADMIN), 400, "invalid_value",
        "cursor");
    assertError(api.get("/v1/tenants/acme/deliveries?cursor=Z2FyYmFnZQ", ADMIN), 400,
        "invalid_value", "cursor");
  }

  @Test
  void customHeaderValuesAreSealedAtRestAndMaskedAfterTheCallThatSetThem() {
    Answer created = api.post("/v1/tenants/acme/webhooks", ADMIN, "{\"url\":\"https://example"
        + ".com/h\",\"events\":[\"*\"],\"headers\":{\"Authorization\":\"Basic c2VjcmV0LXZhbHVl\"}}");
    assertThat(created.body().get("headers").get("Authorization").asText())
        .isEqualTo("Basic c2VjcmV0LXZhbHVl");
    String id = created.text("id");
    assertThat(api.get("/v1/tenants/acme/webhooks/" + id, ADMIN).body().get("headers")
        .get("Authorization").asText()).isEqualTo("********");
    String stored = new String(TopicReader.await(fixture.bootstrapServers(), Topics.SUBSCRIPTIONS,
        r -> r.key().endsWith(id), 1, Duration.ofSeconds(20)).get(0).value(),
        StandardCharsets.UTF_8);
    assertThat(stored).doesNotContain("c2VjcmV0LXZhbHVl").contains("hsenc:v1:");
    assertError(api.post("/v1/tenants/acme/webhooks", ADMIN, "{\"url\":\"https://example"
        + ".com/h\",\"events\":[\"*\"],\"headers\":{\"x-city\":\"Köln\"}}"), 400, "invalid_value",
        "headers.x-city");
  }

  @Test
  void urlsTheHttpClientCannotCallAreRefused() {
    for (String url : List.of("http://example.com:0/h", "http://example.com:99999/h",
        "http://[fe80::1%25eth0]/h")) {
      Answer a = api.post("/v1/tenants/acme/webhooks", ADMIN, "{\"url\":\"" + url
          + "\",\"events\":[\"*\"]}");
      assertThat(a.status()).as(url).isEqualTo(400);
      assertThat(a.error("field")).isEqualTo("url");
    }
  }

  @Test
  void testSendsNeverHoldTheApiAndAreLimitedPerCaller() throws Exception {
    receiver.otherwise("/slow", r -> new MockResponse().setResponseCode(200)
        .setHeadersDelay(3, TimeUnit.SECONDS));
    String url = receiver.url("/slow");
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<CompletableFuture<Answer>> tests = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tests.add(CompletableFuture.supplyAsync(() -> api.post("/v1/webhooks/test", acmeKey,
            "{\"url\":\"" + url + "\",\"timeoutMs\":10000}"), pool));
      }
      // while they wait on the slow receiver, health and publishing answer at once
      Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> receiver.requests("/slow")
          .size() >= 5);
      long start = System.nanoTime();
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
      assertThat(api.post("/v1/tenants/acme/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{}}").status()).isEqualTo(202);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      List<Answer> answers = tests.stream().map(CompletableFuture::join).toList();
      assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(5)
          .allMatch(a -> a.body().get("delivered").asBoolean());
      assertThat(answers).filteredOn(a -> a.status() == 429).hasSize(5)
          .allMatch(a -> "1".equals(a.header("Retry-After")));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEventsDeliveriesArePaged() {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"paged\"}");
    for (int i = 0; i < 3; i++) {
      api.post("/v1/tenants/paged/webhooks", ADMIN, "{\"url\":\"https://example.com/p" + i
          + "\",\"events\":[\"*\"]}");
    }
    String id = api.post("/v1/tenants/paged/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{}}").text("id");
    JsonNode first = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/v1/tenants/paged/events/" + id + "?limit=2", ADMIN), a -> a.status() == 200)
        .body();
    assertThat(first.get("event").get("id").asText()).isEqualTo(id);
    assertThat(first.has("nextCursor")).isTrue();
    assertThat(first.get("deliveries").size()).isLessThanOrEqualTo(2);
    JsonNode second = api.get("/v1/tenants/paged/events/" + id + "?limit=2&cursor="
        + first.get("nextCursor").asText(), ADMIN).body();
    assertThat(second.has("nextCursor")).isFalse();
    assertThat(Json.toString(second)).doesNotContain("https://example.com/p0");
  }

  /** A raw HTTP exchange, for requests no client library would send. */
  static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", fixture.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
