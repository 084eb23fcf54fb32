package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each compatibility preset, end to end: a receiver written here from that product's own
 * documentation (its payload example and its verification snippet, not Hookstream's code) gets
 * exactly the documented body and headers, verifies the signature unchanged, and sees the
 * documented retry behaviour.
 */
class PresetReceiversTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper PLAIN = new ObjectMapper();
  static StandaloneFixture hookstream;
  static ApiClient api;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() {
    receiver = new ScriptedReceiver();
    hookstream = new StandaloneFixture(Map.of());
    api = hookstream.api;
    created(api.post("/v1/tenants", ADMIN, "{\"id\":\"crm\",\"name\":\"Makler GmbH\"}"));
    for (String type : List.of("client_updated", "client_created", "message.updated",
        "ReportPublished", "property.created")) {
      created(api.post("/v1/event-types", ADMIN, "{\"name\":\"" + type + "\"}"));
    }
    created(api.post("/v1/event-types", ADMIN, "{\"name\":\"dsr.created\","
        + "\"title\":\"Nieuw verzoek\",\"description\":\"A data subject request was created\","
        + "\"example\":{\"requestId\":7}}"));
  }

  @AfterAll
  static void stop() {
    hookstream.close();
    receiver.close();
  }

  @Test
  void propstackGetsTheObjectAtTheTopLevelWithChangedAttributes() throws Exception {
    webhook("/propstack", "propstack", "[\"client_updated\",\"client_created\"]",
        "propstack-key");
    publish("{\"type\":\"client_updated\",\"data\":{\"id\":42,\"first_name\":\"Erika\","
        + "\"price\":1e6},\"changedAttributes\":[\"price\"]}");
    publish("{\"type\":\"client_created\",\"data\":{\"id\":43,\"first_name\":\"Max\"}}");

    List<RecordedRequest> got = await("/propstack", 2);
    RecordedRequest updated = byBody(got, "\"id\":42");
    assertThat(text(updated)).isEqualTo(
        "{\"id\":42,\"first_name\":\"Erika\",\"price\":1000000,\"changed_attributes\":[\"price\"]}");
    assertThat(text(byBody(got, "\"id\":43"))).isEqualTo("{\"id\":43,\"first_name\":\"Max\"}");
    // JavaScript: crypto.createHmac('sha256', secret).update(requestBody, 'utf8').digest('hex')
    for (RecordedRequest r : got) {
      assertThat(r.getHeader("X-Propstack-Signature"))
          .isEqualTo(hex(hmac("propstack-key", bytes(r))));
    }
  }

  @Test
  void propstackWithoutASecretSendsNoSignature() throws Exception {
    ApiClient.Answer a = api.post("/v1/tenants/crm/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/propstack-unsigned") + "\",\"events\":[\"client_created\"],"
        + "\"preset\":\"propstack\",\"secret\":null}");
    created(a);
    publish("{\"type\":\"client_created\",\"data\":{\"id\":44}}");
    RecordedRequest r = await("/propstack-unsigned", 1).get(0);
    assertThat(r.getHeader("X-Propstack-Signature")).isNull();
    assertThat(text(r)).isEqualTo("{\"id\":44}");
  }

  @Test
  void protocolGetsIdTypeAndPayload() throws Exception {
    webhook("/protocol", "protocol", "[\"message.*\"]", "protocol-key");
    String id = publish("{\"id\":\"a056V7R7NmNRjl70\",\"type\":\"message.updated\","
        + "\"data\":{\"id\":\"SIuAFUNKdSYHZF2w\",\"conversation_id\":\"xgQQXg3hrtjh7AvZ\","
        + "\"reactions\":[],\"read_at\":705103200}}");
    RecordedRequest r = await("/protocol", 1).get(0);
    assertThat(text(r)).isEqualTo("{\"id\":\"a056V7R7NmNRjl70\",\"type\":\"message.updated\","
        + "\"payload\":{\"id\":\"SIuAFUNKdSYHZF2w\",\"conversation_id\":\"xgQQXg3hrtjh7AvZ\","
        + "\"reactions\":[],\"read_at\":705103200}}");
    assertThat(id).isEqualTo("a056V7R7NmNRjl70");
    // Python: hmac.new(bytes(secret, "ascii"), bytes(payload, "ascii"), hashlib.sha256).hexdigest()
    byte[] payload = text(r).getBytes(StandardCharsets.US_ASCII);
    assertThat(r.getHeader("x-protocol-signature")).isEqualTo(hex(hmac("protocol-key", payload)));
    // the receiver reads event.type and event.payload.id, as Protocol's guide does
    JsonNode event = PLAIN.readTree(text(r));
    assertThat(event.get("type").asText()).isEqualTo("message.updated");
    assertThat(event.get("payload").get("id").asText()).isEqualTo("SIuAFUNKdSYHZF2w");
  }

  @Test
  void plextracGetsItsHeaderFiveSecondTimeoutAndFiveRetries() throws Exception {
    String id = webhook("/plextrac", "plextrac", "[\"ReportPublished\"]", "plextrac-key");
    JsonNode w = api.get("/v1/tenants/crm/webhooks/" + id, ADMIN).body();
    assertThat(w.get("timeoutMs").asInt()).isEqualTo(5000);
    assertThat(w.get("retrySchedule")).hasSize(5);
    assertThat(w.get("preset").asText()).isEqualTo("plextrac");
    publish("{\"type\":\"ReportPublished\",\"data\":{\"reportId\":\"r-1\"}}");
    RecordedRequest r = await("/plextrac", 1).get(0);
    // HMAC-SHA256 of the raw JSON payload with the secret, in X-Authorization-HMAC-256
    assertThat(r.getHeader("X-Authorization-HMAC-256"))
        .isEqualTo(hex(hmac("plextrac-key", bytes(r))));
    assertThat(PLAIN.readTree(text(r)).get("data").get("reportId").asText()).isEqualTo("r-1");
  }

  @Test
  void theRealEstateApiGetsCreatedAndItsExpressMiddlewareVerifies() throws Exception {
    receiver.script("/realestate", status(500), status(200));
    String id = webhook("/realestate", "real-estate", "[\"property.*\"]", "realestate-key");
    publish("{\"id\":\"evt_123456\",\"type\":\"property.created\","
        + "\"timestamp\":\"2023-06-15T10:30:00Z\",\"data\":{\"property\":{\"id\":\"prop_123456\","
        + "\"price\":750000,\"bedrooms\":2}}}");
    RecordedRequest r = await("/realestate", 1).get(0);
    assertThat(text(r)).isEqualTo("{\"id\":\"evt_123456\",\"type\":\"property.created\","
        + "\"created\":\"2023-06-15T10:30:00.000Z\",\"data\":{\"property\":{\"id\":\"prop_123456\","
        + "\"price\":750000,\"bedrooms\":2}}}");
    // Express: body = JSON.stringify(req.body);
    //   createHmac('sha256', secret).update(timestamp + body).digest('hex')
    String stringified = PLAIN.writeValueAsString(PLAIN.readTree(text(r)));
    String timestamp = r.getHeader("x-webhook-timestamp");
    assertThat(r.getHeader("x-webhook-signature")).isEqualTo(hex(hmac("realestate-key",
        (timestamp + stringified).getBytes(StandardCharsets.UTF_8))));
    // "First retry: 5 minutes after initial attempt"
    JsonNode attempt = Awaitility.await().atMost(WAIT).until(() -> api.get(
        "/v1/tenants/crm/webhooks/" + id + "/deliveries", ADMIN).body().path("data").path(0)
        .path("attempts").path(0), a -> a.has("nextAttemptAt"));
    assertThat(Duration.between(Instant.parse(attempt.get("at").asText()),
        Instant.parse(attempt.get("nextAttemptAt").asText()))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void dastraGetsItsEnvelopeSucceedsOnlyOn200NeverRetriesAndBlocksAfterFiveFailures()
      throws Exception {
    receiver.otherwise("/dastra", req -> status(201));
    String id = webhook("/dastra", "dastra", "[\"dsr.*\"]", "dastra-key");
    publish("{\"type\":\"dsr.created\",\"timestamp\":\"2024-01-02T03:04:05.678Z\","
        + "\"data\":{\"requestId\":7},\"metadata\":{\"userId\":\"u-42\"}}");
    RecordedRequest r = await("/dastra", 1).get(0);
    assertThat(text(r)).isEqualTo("{\"webhookId\":\"" + id + "\",\"signatureUrl\":\""
        + receiver.url("/dastra") + "\",\"userId\":\"u-42\",\"eventType\":\"dsr.created\","
        + "\"eventName\":\"Nieuw verzoek\",\"data\":{\"requestId\":7},"
        + "\"date\":\"2024-01-02T03:04:05.678Z\"}");
    // C#: Convert.ToBase64String(new HMACSHA256(UTF8(secret)).ComputeHash(UTF8(payload)))
    assertThat(r.getHeader("Dastra-Signature"))
        .isEqualTo(Base64.getEncoder().encodeToString(hmac("dastra-key", bytes(r))));
    // 201 is not 200: failed, dead-lettered at once (no retries)
    JsonNode delivery = Awaitility.await().atMost(WAIT).until(() -> api.get(
        "/v1/tenants/crm/webhooks/" + id + "/deliveries", ADMIN).body().path("data").path(0),
        d -> "failed".equals(d.path("status").asText()));
    assertThat(delivery.get("attempts")).hasSize(1);
    assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(201);
    // "blocked after more than 5 failures": four more failed requests disable it
    for (int i = 0; i < 4; i++) {
      publish("{\"type\":\"dsr.created\",\"data\":{\"requestId\":" + (10 + i) + "}}");
    }
    Awaitility.await().atMost(WAIT).until(() -> !api.get("/v1/tenants/crm/webhooks/" + id, ADMIN)
        .body().get("enabled").asBoolean());
    assertThat(receiver.requests("/dastra")).hasSize(5);
    JsonNode w = api.get("/v1/tenants/crm/webhooks/" + id, ADMIN).body();
    assertThat(w.get("disabledReason").asText()).contains("5 consecutive failed attempts");
  }

  @Test
  void aWebhooksOwnScheduleIsKeptByHoppingThroughTheRetryTiers() {
    receiver.script("/hops", status(500), status(500), status(200));
    // 3 s and 12 s are no tier: 1 s three times, then 10 s, 1 s, 1 s
    ApiClient.Answer a = api.post("/v1/tenants/crm/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/hops") + "\",\"events\":[\"ReportPublished\"],"
        + "\"retrySchedule\":[\"3s\",\"12s\"]}");
    created(a);
    publish("{\"type\":\"ReportPublished\",\"data\":{\"reportId\":\"r-hops\"}}");
    JsonNode delivery = Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> api.get(
        "/v1/tenants/crm/webhooks/" + a.text("id") + "/deliveries", ADMIN).body().path("data")
        .path(0), d -> "succeeded".equals(d.path("status").asText()));
    JsonNode attempts = delivery.get("attempts");
    assertThat(attempts).hasSize(3);
    long first = gapMs(attempts.get(0), attempts.get(1));
    long second = gapMs(attempts.get(1), attempts.get(2));
    // never early; late only by the scheduler's own latency
    assertThat(first).isBetween(3_000L, 4_500L);
    assertThat(second).isBetween(12_000L, 13_500L);
  }

  static long gapMs(JsonNode earlier, JsonNode later) {
    return Duration.between(Instant.parse(earlier.get("at").asText()),
        Instant.parse(later.get("at").asText())).toMillis();
  }

  static String webhook(String path, String preset, String events, String secret) {
    ApiClient.Answer a = api.post("/v1/tenants/crm/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(path) + "\",\"events\":" + events + ",\"preset\":\"" + preset + "\","
        + "\"secret\":\"" + secret + "\"}");
    created(a);
    return a.text("id");
  }

  static String publish(String json) {
    ApiClient.Answer a = api.post("/v1/tenants/crm/events", ADMIN, json);
    assertThat(a.status()).as(a.raw()).isEqualTo(202);
    return a.text("id");
  }

  static void created(ApiClient.Answer a) {
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
  }

  static List<RecordedRequest> await(String path, int count) {
    Awaitility.await().atMost(WAIT).until(() -> receiver.requests(path).size() >= count);
    return receiver.requests(path);
  }

  static RecordedRequest byBody(List<RecordedRequest> requests, String part) {
    return requests.stream().filter(r -> text(r).contains(part)).findFirst().orElseThrow();
  }

  static byte[] bytes(RecordedRequest r) {
    return r.getBody().clone().readByteArray();
  }

  static String text(RecordedRequest r) {
    return new String(bytes(r), StandardCharsets.UTF_8);
  }

  static byte[] hmac(String secret, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(data);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
