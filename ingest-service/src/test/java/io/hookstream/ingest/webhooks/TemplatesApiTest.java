package io.hookstream.ingest.webhooks;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static io.hookstream.ingest.api.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.IngestFixture;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ApiClient.Answer;
import io.hookstream.testkit.ScriptedReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Templates, presets, delivery policy and the preview through the API: what is refused (and
 * why, on which field), what a read answers, and the exact request a preview shows.
 */
class TemplatesApiTest {
  static final String P = "/v1/tenants/tpl/webhooks";
  static IngestFixture fixture;
  static ApiClient api;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    receiver = new ScriptedReceiver();
    api.post("/v1/tenants", ADMIN, "{\"id\":\"tpl\",\"name\":\"Template Tenant\"}");
    api.post("/v1/tenants", ADMIN, "{\"id\":\"other\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\",\"title\":\"Order created\","
        + "\"example\":{\"order\":{\"id\":\"o-1\",\"total\":12.5}}}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.refunded\",\"schema\":{\"type\":\"object\","
        + "\"properties\":{\"order\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
        + "\"amount\":{\"type\":\"number\"}}}}}}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"ping.sent\"}");
  }

  @AfterAll
  static void stop() {
    receiver.close();
    fixture.close();
  }

  @Test
  void aTemplateThatDoesNotCompileAnswers422OnTemplate() {
    Answer a = create("{\"url\":\"https://example.com/t\",\"events\":[\"order.*\"],"
        + "\"template\":\"{\\\"a\\\": \"}");
    assertError(a, 422, "invalid_template", "template");
    assertThat(a.error("message")).startsWith("the template does not compile: ")
        .contains("Expected \"}\"");
  }

  @Test
  void aTemplateIsTriedOnASampleOfEverySubscribedType() {
    // order.created has an example with order.id; order.refunded gets data made from its schema
    Answer ok = create("{\"url\":\"https://example.com/t\",\"events\":[\"order.*\"],"
        + "\"template\":\"{\\\"orderId\\\": event.data.order.id}\"}");
    assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
    assertThat(ok.text("template")).isEqualTo("{\"orderId\": event.data.order.id}");
    // ping.sent has no example and no schema: its sample data is {}, so this renders nothing
    Answer none = create("{\"url\":\"https://example.com/t\",\"events\":[\"ping.*\"],"
        + "\"template\":\"event.data.order\"}");
    assertError(none, 422, "invalid_template", "template");
    assertThat(none.error("message")).isEqualTo("the template fails for a sample ping.sent event"
        + " (its catalog example, or data made from its schema, or {}): the template produced no"
        + " value for this event");
    Answer fails = create("{\"url\":\"https://example.com/t\",\"events\":[\"order.created\"],"
        + "\"template\":\"$error('refused: ' & event.data.order.id)\"}");
    assertError(fails, 422, "invalid_template", "template");
    assertThat(fails.error("message")).endsWith("refused: o-1");
    Answer scalar = create("{\"url\":\"https://example.com/t\",\"events\":[\"order.created\"],"
        + "\"template\":\"event.id\"}");
    assertThat(scalar.error("message")).endsWith("must produce a JSON object or array, not a string");
  }

  @Test
  void aRunawayTemplateIsStoppedByTheBounds() {
    long start = System.nanoTime();
    Answer a = create("{\"url\":\"https://example.com/t\",\"events\":[\"order.created\"],"
        + "\"template\":\"( $f := function($n) { $f($n + 1) + 1 }; {\\\"n\\\": $f(0)} )\"}");
    assertError(a, 422, "invalid_template", "template");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    Answer patched = api.patch(P + "/" + plainWebhook(), ADMIN,
        "{\"template\":\"[1..100000000] ~> $sum()\"}");
    assertError(patched, 422, "invalid_template", "template");
  }

  @Test
  void aPresetFillsSignatureTemplateAndPolicyAndExplicitFieldsOverrideIt() {
    Answer a = create("{\"url\":\"https://example.com/d\",\"events\":[\"order.created\"],"
        + "\"preset\":\"dastra\",\"secret\":\"dastra-key\",\"timeoutMs\":3000}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    JsonNode w = api.get(P + "/" + a.text("id"), ADMIN).body();
    assertThat(w.get("preset").asText()).isEqualTo("dastra");
    assertThat(w.get("signature").get("scheme").asText()).isEqualTo("hmac-sha256-base64");
    assertThat(w.get("signature").get("header").asText()).isEqualTo("Dastra-Signature");
    assertThat(w.get("template").asText()).contains("\"webhookId\": subscription.id");
    assertThat(w.get("timeoutMs").asInt()).isEqualTo(3000);
    assertThat(w.get("successStatuses")).hasSize(1).first().extracting(JsonNode::asInt)
        .isEqualTo(200);
    assertThat(w.get("retrySchedule")).isEmpty();
    assertThat(w.get("autoDisable").get("consecutiveFailedAttempts").asInt()).isEqualTo(5);

    // a preset applied by PATCH refills what the PATCH does not give itself
    Answer p = api.patch(P + "/" + a.text("id"), ADMIN, "{\"preset\":\"real-estate\","
        + "\"retrySchedule\":[\"1m\"]}");
    assertThat(p.status()).as(p.raw()).isEqualTo(200);
    JsonNode r = api.get(P + "/" + a.text("id"), ADMIN).body();
    assertThat(r.get("signature").get("timestampHeader").asText()).isEqualTo("x-webhook-timestamp");
    assertThat(r.get("template").asText()).contains("\"created\": event.timestamp");
    assertThat(r.get("retrySchedule").toString()).isEqualTo("[\"1m\"]");
    assertThat(r.get("timeoutMs").asInt()).isEqualTo(5000);
    assertThat(r.has("successStatuses")).isFalse();
    assertThat(r.get("version").asInt()).isEqualTo(2);

    assertError(create("{\"url\":\"https://example.com/d\",\"events\":[\"*\"],"
        + "\"preset\":\"svix\"}"), 400, "invalid_value", "preset");
  }

  @Test
  void policyFieldsAreCheckedNamingTheEntry() {
    String base = "{\"url\":\"https://example.com/p\",\"events\":[\"*\"],";
    assertError(create(base + "\"retrySchedule\":[\"5s\",\"0s\"]}"), 400, "invalid_value",
        "retrySchedule[1]");
    assertError(create(base + "\"retrySchedule\":[\"8d\"]}"), 400, "invalid_value",
        "retrySchedule[0]");
    assertError(create(base + "\"retrySchedule\":[\"soon\"]}"), 400, "invalid_value",
        "retrySchedule[0]");
    assertError(create(base + "\"retrySchedule\":\"5s\"}"), 400, "invalid_type", "retrySchedule");
    assertError(create(base + "\"retrySchedule\":" + java.util.Collections.nCopies(21, "\"1s\"")
        + "}"), 400, "invalid_value", "retrySchedule");
    assertError(create(base + "\"successStatuses\":[200,600]}"), 400, "invalid_value",
        "successStatuses[1]");
    assertError(create(base + "\"successStatuses\":[200,200]}"), 400, "invalid_value",
        "successStatuses[1]");
    assertError(create(base + "\"successStatuses\":[]}"), 400, "invalid_type", "successStatuses");
    assertError(create(base + "\"autoDisable\":{\"consecutiveFailedAttempts\":0}}"), 400,
        "invalid_value", "autoDisable.consecutiveFailedAttempts");
    assertError(create(base + "\"autoDisable\":{\"failingFor\":\"0s\"}}"), 400,
        "invalid_value", "autoDisable.failingFor");
    Answer none = create(base + "\"retrySchedule\":[]}");
    assertThat(none.status()).isEqualTo(201);
    assertThat(none.body().get("retrySchedule")).isEmpty();
  }

  @Test
  void aWebhookWithoutItsOwnPolicyAnswersItsTenantsThenTheDeployments() {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"policy\"}");
    String own = api.post("/v1/tenants/policy/webhooks", ADMIN, "{\"url\":\"https://example.com/o\","
        + "\"events\":[\"*\"],\"retrySchedule\":[\"2h\"],\"timeoutMs\":9000}").text("id");
    String inherits = api.post("/v1/tenants/policy/webhooks", ADMIN,
        "{\"url\":\"https://example.com/i\",\"events\":[\"*\"]}").text("id");
    JsonNode before = api.get("/v1/tenants/policy/webhooks/" + inherits, ADMIN).body();
    assertThat(before.get("retrySchedule").toString())
        .isEqualTo("[\"5s\",\"5m\",\"30m\",\"2h\",\"5h\",\"10h\"]");
    assertThat(before.get("timeoutMs").asInt()).isEqualTo(5000);

    Answer t = api.patch("/v1/tenants/policy", ADMIN, "{\"retrySchedule\":[\"10s\",\"1d\"],"
        + "\"timeoutMs\":8000,\"successStatuses\":[200,202],"
        + "\"autoDisable\":{\"consecutiveFailedAttempts\":20}}");
    assertThat(t.status()).as(t.raw()).isEqualTo(200);
    assertThat(t.body().get("retrySchedule").toString()).isEqualTo("[\"10s\",\"1d\"]");
    JsonNode after = api.get("/v1/tenants/policy/webhooks/" + inherits, ADMIN).body();
    assertThat(after.get("retrySchedule").toString()).isEqualTo("[\"10s\",\"1d\"]");
    assertThat(after.get("timeoutMs").asInt()).isEqualTo(8000);
    assertThat(after.get("successStatuses").toString()).isEqualTo("[200,202]");
    assertThat(after.get("autoDisable").get("consecutiveFailedAttempts").asInt()).isEqualTo(20);
    JsonNode ownView = api.get("/v1/tenants/policy/webhooks/" + own, ADMIN).body();
    assertThat(ownView.get("retrySchedule").toString()).isEqualTo("[\"2h\"]");
    assertThat(ownView.get("timeoutMs").asInt()).isEqualTo(9000);

    assertError(api.patch("/v1/tenants/policy", ADMIN, "{\"timeoutMs\":99}"), 400,
        "invalid_value", "timeoutMs");
    Answer reset = api.patch("/v1/tenants/policy", ADMIN, "{\"retrySchedule\":null}");
    assertThat(reset.body().get("retrySchedule").toString())
        .isEqualTo("[\"5s\",\"5m\",\"30m\",\"2h\",\"5h\",\"10h\"]");
  }

  @Test
  void thePreviewAnswersTheExactRequestAndCreatesNothing() throws Exception {
    int before = api.get(P + "?limit=250", ADMIN).body().get("data").size();
    Answer a = api.post(P + "/preview", ADMIN, "{\"url\":\"https://example.com/p\","
        + "\"events\":[\"order.created\"],\"preset\":\"protocol\",\"secret\":\"k\","
        + "\"event\":{\"id\":\"evt_p1\",\"type\":\"order.created\","
        + "\"data\":{\"order\":{\"id\":\"o-9\",\"total\":1e2}}}}");
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    String body = a.text("body");
    assertThat(body).isEqualTo("{\"id\":\"evt_p1\",\"type\":\"order.created\","
        + "\"payload\":{\"order\":{\"id\":\"o-9\",\"total\":100}}}");
    JsonNode headers = a.body().get("headers");
    assertThat(headers.get("content-type").asText()).isEqualTo("application/json");
    assertThat(headers.get("webhook-id").asText()).isEqualTo("evt_p1");
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("k".getBytes(StandardCharsets.UTF_8),
        "HmacSHA256"));
    assertThat(headers.get("x-protocol-signature").asText()).isEqualTo(java.util.HexFormat.of()
        .formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    assertThat(a.body().has("secret")).as("the secret was given").isFalse();

    // Standard Webhooks with a generated secret: answered, so the signature can be checked
    Answer std = api.post(P + "/preview", ADMIN, "{\"url\":\"https://example.com/p\","
        + "\"events\":[\"order.created\"],\"event\":{\"type\":\"order.created\","
        + "\"timestamp\":\"2023-06-15T10:30:00Z\"}}");
    assertThat(std.status()).as(std.raw()).isEqualTo(200);
    assertThat(std.text("body")).endsWith("\"type\":\"order.created\","
        + "\"timestamp\":\"2023-06-15T10:30:00.000Z\",\"data\":{\"order\":{\"id\":\"o-1\","
        + "\"total\":12.5}}}");
    JsonNode h = std.body().get("headers");
    WebhookVerifier.of(std.text("secret")).verify(Map.of("webhook-id", h.get("webhook-id").asText(),
        "webhook-timestamp", h.get("webhook-timestamp").asText(),
        "webhook-signature", h.get("webhook-signature").asText()),
        std.text("body").getBytes(StandardCharsets.UTF_8));

    assertError(api.post(P + "/preview", ADMIN, "{\"url\":\"https://example.com/p\","
        + "\"events\":[\"order.created\"]}"), 400, "missing_field", "event");
    assertError(api.post(P + "/preview", ADMIN, "{\"url\":\"https://example.com/p\","
        + "\"events\":[\"order.created\"],\"event\":{\"type\":\"nope.nope\"}}"), 422,
        "unknown_event_type", "event.type");
    assertError(api.post(P + "/preview", ADMIN, "{\"url\":\"https://example.com/p\","
        + "\"events\":[\"order.created\"],\"template\":\"event.data.order.nope.x\","
        + "\"event\":{\"type\":\"order.created\"}}"), 422, "invalid_template", "template");
    assertThat(api.get(P + "?limit=250", ADMIN).body().get("data")).hasSize(before);
  }

  @Test
  void publishingTakesTheEventTimeAndMetadata() {
    assertError(api.post("/v1/tenants/tpl/events", ADMIN, "{\"type\":\"ping.sent\",\"data\":{},"
        + "\"timestamp\":\"yesterday\"}"), 400, "invalid_value", "timestamp");
    assertError(api.post("/v1/tenants/tpl/events", ADMIN, "{\"type\":\"ping.sent\",\"data\":{},"
        + "\"timestamp\":\"2023-06-15T10:30:00\"}"), 400, "invalid_value", "timestamp");
    assertError(api.post("/v1/tenants/tpl/events", ADMIN, "{\"type\":\"ping.sent\",\"data\":{},"
        + "\"metadata\":[1]}"), 400, "invalid_type", "metadata");
    assertError(api.post("/v1/tenants/tpl/events", ADMIN, "{\"type\":\"ping.sent\",\"data\":{},"
        + "\"metadata\":{\"x\":\"" + "y".repeat(4100) + "\"}}"), 400, "invalid_value", "metadata");
    Answer ok = api.post("/v1/tenants/tpl/events", ADMIN, "{\"type\":\"ping.sent\",\"data\":{},"
        + "\"timestamp\":\"2023-06-15T12:30:00.250+02:00\",\"metadata\":{\"userId\":\"u-1\"}}");
    assertThat(ok.status()).as(ok.raw()).isEqualTo(202);
    JsonNode event = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/v1/tenants/tpl/events/" + ok.text("id"), ADMIN), e -> e.status() == 200)
        .body().get("event");
    assertThat(event.get("timestamp").asText()).isEqualTo("2023-06-15T10:30:00.250Z");
    assertThat(event.get("metadata").get("userId").asText()).isEqualTo("u-1");
  }

  @Test
  void eventTypesKeepTitleAndAnExampleTheirSchemaAccepts() {
    Answer ok = api.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.sent\","
        + "\"title\":\"Invoice sent\",\"example\":{\"n\":1}}");
    assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
    assertThat(api.get("/v1/event-types/invoice.sent", ADMIN).body().get("title").asText())
        .isEqualTo("Invoice sent");
    Answer bad = api.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.voided\","
        + "\"schema\":{\"type\":\"object\",\"required\":[\"n\"]},\"example\":{\"m\":1}}");
    assertError(bad, 422, "schema_violation", "example");
    assertThat(api.get("/v1/event-types/invoice.voided", ADMIN).status()).isEqualTo(404);
  }

  @Test
  void testSendsAppearInTheTenantsLogMarkedAsTestsNewestFirst() {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"logs\"}");
    String a = api.post("/v1/tenants/logs/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/a")
        + "\",\"events\":[\"*\"],\"preset\":\"protocol\"}").text("id");
    String b = api.post("/v1/tenants/logs/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/b")
        + "\",\"events\":[\"*\"]}").text("id");
    Answer testA = api.post("/v1/tenants/logs/webhooks/" + a + "/test", ADMIN,
        "{\"type\":\"order.created\"}");
    assertThat(testA.body().get("delivered").asBoolean()).as(testA.raw()).isTrue();
    // the test went through the template, with the type's catalog example as its data
    assertThat(receiver.requests("/a").get(0).getBody().readUtf8())
        .endsWith("\"type\":\"order.created\",\"payload\":{\"order\":{\"id\":\"o-1\","
            + "\"total\":12.5}}}");
    api.post("/v1/tenants/logs/webhooks/" + b + "/test", ADMIN,
        "{\"data\":{\"n\":1e2,\"r\":0.50}}");
    // custom test data is written in JSON.stringify form too
    assertThat(receiver.requests("/b").get(0).getBody().readUtf8())
        .endsWith("\"data\":{\"n\":100,\"r\":0.5}}");

    JsonNode all = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/v1/tenants/logs/deliveries", ADMIN).body(), d -> d.get("data").size() == 2);
    assertThat(all.get("data").findValuesAsText("subscriptionId")).containsExactly(b, a);
    assertThat(all.get("data").findValues("test")).allMatch(JsonNode::asBoolean);
    assertThat(all.has("nextCursor")).isFalse();
    JsonNode onlyA = api.get("/v1/tenants/logs/deliveries?webhook=" + a, ADMIN).body();
    assertThat(onlyA.get("data").findValuesAsText("subscriptionId")).containsExactly(a);
    JsonNode page1 = api.get("/v1/tenants/logs/deliveries?limit=1", ADMIN).body();
    assertThat(page1.get("data").findValuesAsText("subscriptionId")).containsExactly(b);
    JsonNode page2 = api.get("/v1/tenants/logs/deliveries?limit=1&cursor="
        + page1.get("nextCursor").asText(), ADMIN).body();
    assertThat(page2.get("data").findValuesAsText("subscriptionId")).containsExactly(a);
    assertThat(page2.has("nextCursor")).isFalse();
    assertThat(api.get("/v1/tenants/logs/deliveries?status=failed", ADMIN).body().get("data"))
        .isEmpty();
    assertError(api.get("/v1/tenants/logs/deliveries?webhook=sub_nope", ADMIN), 404, "not_found",
        "webhook");
    assertError(api.get("/v1/tenants/logs/deliveries?cursor=!!", ADMIN), 400, "invalid_value",
        "cursor");
    // another tenant's key sees none of it
    String otherKey = api.post("/v1/tenants/other/rotate-key", ADMIN, "").text("apiKey");
    assertThat(api.get("/v1/tenants/logs/deliveries", otherKey).status()).isEqualTo(404);
  }

  static Answer create(String json) {
    return api.post(P, ADMIN, json);
  }

  static String plainWebhook() {
    return create("{\"url\":\"https://example.com/plain\",\"events\":[\"order.created\"]}")
        .text("id");
  }
}
