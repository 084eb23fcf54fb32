package io.hookstream.ingest.webhooks;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static io.hookstream.ingest.api.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.IngestFixture;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.signing.Ed25519Keys;
import okhttp3.tls.HeldCertificate;
import io.hookstream.signing.SecretBox;
import io.hookstream.signing.StandardWebhooks;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ApiClient.Answer;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The complete subscription API on a real broker. */
class SubscriptionApiTest {
  static IngestFixture fixture;
  static ApiClient api;
  static final String P = "/v1/tenants/acme/webhooks";

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    api.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}");
    api.post("/v1/tenants", ADMIN, "{\"id\":\"globex\"}");
    for (String type : List.of("order.created", "order.shipped", "property.updated")) {
      api.post("/v1/event-types", ADMIN, "{\"name\":\"" + type + "\"}");
    }
    api.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.paid\",\"schema\":{\"type\":\"object\","
        + "\"required\":[\"amount\"],\"properties\":{\"amount\":{\"type\":\"number\",\"minimum\":0},"
        + "\"currency\":{\"type\":\"string\",\"enum\":[\"EUR\",\"USD\"]}}}}");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void patchChangesAnyFieldAndNullClearsOptionalOnes() {
    String id = create("{\"url\":\"https://example.com/a\",\"events\":[\"order.*\"],\"name\":\"A\","
        + "\"description\":\"first\",\"headers\":{\"x-team\":\"billing\"},\"timeoutMs\":8000,"
        + "\"maxInFlight\":5,\"rateLimitPerSecond\":50}").text("id");
    Answer patched = api.patch(P + "/" + id, ADMIN, "{\"url\":\"https://example.com/b\","
        + "\"events\":[\"order.shipped\"],\"enabled\":false,\"description\":null,\"headers\":null,"
        + "\"timeoutMs\":null,\"maxInFlight\":null,\"filter\":{\"data.status\":\"sold\"},"
        + "\"sslVerification\":false}");
    assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    JsonNode w = api.get(P + "/" + id, ADMIN).body();
    assertThat(w.get("url").asText()).isEqualTo("https://example.com/b");
    assertThat(w.get("events").get(0).asText()).isEqualTo("order.shipped");
    assertThat(w.get("enabled").asBoolean()).isFalse();
    assertThat(w.get("disabledReason").asText()).isEqualTo("disabled through the API");
    assertThat(w.has("description")).isFalse();
    assertThat(w.get("headers")).isEmpty();
    assertThat(w.get("timeoutMs").asInt()).isEqualTo(5000);
    assertThat(w.has("maxInFlight")).isFalse();
    assertThat(w.get("rateLimitPerSecond").asInt()).isEqualTo(50);
    assertThat(w.get("name").asText()).isEqualTo("A");
    assertThat(w.get("filter").get("data.status").asText()).isEqualTo("sold");
    assertThat(w.get("sslVerification").asBoolean()).isFalse();
    assertThat(patched.body().has("secret")).isFalse();

    api.patch(P + "/" + id, ADMIN, "{\"enabled\":true}");
    JsonNode enabled = api.get(P + "/" + id, ADMIN).body();
    assertThat(enabled.get("enabled").asBoolean()).isTrue();
    assertThat(enabled.has("disabledReason")).isFalse();
  }

  @Test
  void patchValidatesLikeCreateAndWritesNothingWhenRefused() {
    String id = create("{\"url\":\"https://example.com/v\",\"events\":[\"order.*\"]}").text("id");
    assertError(api.patch(P + "/" + id, ADMIN, "{\"url\":null}"), 400, "invalid_value", "url");
    assertError(api.patch(P + "/" + id, ADMIN, "{\"events\":[\"nothing.*\"]}"), 400,
        "invalid_value", "events[0]");
    assertError(api.patch(P + "/" + id, ADMIN, "{\"timeoutMs\":31000,\"name\":\"changed\"}"), 400,
        "invalid_value", "timeoutMs");
    assertError(api.patch(P + "/" + id, ADMIN, "{\"filter\":{\"price\":1}}"), 400,
        "invalid_value", "filter.price");
    assertError(api.patch(P + "/" + id, ADMIN, "{\"secret\":null}"), 400, "invalid_value", "secret");
    assertError(api.patch(P + "/" + id, globexKey(), "{\"name\":\"x\"}"), 404, "not_found", null);
    JsonNode w = api.get(P + "/" + id, ADMIN).body();
    assertThat(w.has("name")).isFalse();
    assertThat(w.get("url").asText()).isEqualTo("https://example.com/v");
  }

  @Test
  void eventsMustNameTheCatalog() {
    assertError(api.post(P, ADMIN, "{\"url\":\"https://example.com\",\"events\":[\"order.deleted\"]}"),
        400, "invalid_value", "events[0]");
    assertError(api.post(P, ADMIN, "{\"url\":\"https://example.com\",\"events\":[\"order.created\","
        + "\"user.*\"]}"), 400, "invalid_value", "events[1]");
    assertThat(create("{\"url\":\"https://example.com\",\"events\":[\"*.created\"]}").status())
        .isEqualTo(201);
  }

  @Test
  void plexTracValidationRules() {
    // name: string, url: string, secret: string or null, sslVerification: boolean,
    // events: array of strings with at least one valid event, enabled: boolean
    String base = "\"url\":\"https://example.com/p\",\"events\":[\"order.created\"]";
    assertError(api.post(P, ADMIN, "{" + base + ",\"name\":5}"), 400, "invalid_type", "name");
    assertError(api.post(P, ADMIN, "{\"url\":7,\"events\":[\"order.created\"]}"), 400,
        "invalid_type", "url");
    assertError(api.post(P, ADMIN, "{" + base + ",\"secret\":5}"), 400, "invalid_type", "secret");
    assertError(api.post(P, ADMIN, "{" + base + ",\"sslVerification\":\"yes\"}"), 400,
        "invalid_type", "sslVerification");
    assertError(api.post(P, ADMIN, "{\"url\":\"https://example.com\",\"events\":[5]}"), 400,
        "invalid_type", "events[0]");
    assertError(api.post(P, ADMIN, "{" + base + ",\"enabled\":1}"), 400, "invalid_type", "enabled");
    Answer plexTrac = create("{" + base + ",\"name\":\"Reports\",\"enabled\":true,"
        + "\"sslVerification\":true,\"secret\":null,\"signature\":{\"scheme\":\"hmac-sha256-hex\","
        + "\"header\":\"X-Authorization-HMAC-256\"}}");
    assertThat(plexTrac.status()).as(plexTrac.raw()).isEqualTo(201);
    assertThat(plexTrac.body().get("signed").asBoolean()).isFalse();
    assertThat(plexTrac.body().has("secret")).isFalse();
  }

  @Test
  void signatureProfilesAreValidated() {
    String base = "\"url\":\"https://example.com/s\",\"events\":[\"order.created\"],";
    assertError(api.post(P, ADMIN, "{" + base + "\"signature\":{\"scheme\":\"md5\"}}"), 400,
        "invalid_value", "signature.scheme");
    assertError(api.post(P, ADMIN, "{" + base + "\"signature\":{\"scheme\":\"hmac-sha256-hex\"}}"), 400,
        "missing_field", "signature.header");
    assertError(api.post(P, ADMIN, "{" + base + "\"signature\":{\"scheme\":\"hmac-sha256-hex-timestamp\","
        + "\"header\":\"x-webhook-signature\"}}"), 400, "missing_field", "signature.timestampHeader");
    assertError(api.post(P, ADMIN, "{" + base + "\"signature\":{\"scheme\":\"hmac-sha256-hex\","
        + "\"header\":\"webhook-signature\"}}"), 400, "reserved_header", "signature.header");
    assertError(api.post(P, ADMIN, "{" + base + "\"signature\":{\"scheme\":\"standard-webhooks\","
        + "\"header\":\"x-sig\"}}"), 400, "invalid_value", "signature.header");
    assertError(api.post(P, ADMIN, "{" + base + "\"signature\":{\"scheme\":\"hmac-sha256-hex\","
        + "\"header\":\"x-sig\"},\"headers\":{\"X-Sig\":\"spoof\"}}"), 400, "reserved_header",
        "headers.X-Sig");
    assertError(api.post(P, ADMIN, "{" + base + "\"secret\":null}"), 400, "invalid_value", "secret");
    Answer legacy = create("{" + base + "\"signature\":{\"scheme\":\"hmac-sha256-base64\","
        + "\"header\":\"Dastra-Signature\"},\"secret\":\"any string at all\"}");
    assertThat(legacy.text("secret")).isEqualTo("any string at all");
    assertThat(legacy.body().get("signature").get("header").asText()).isEqualTo("Dastra-Signature");
    Answer generated = create("{" + base + "\"signature\":{\"scheme\":\"hmac-sha256-hex\","
        + "\"header\":\"x-protocol-signature\"}}");
    assertThat(generated.text("secret")).hasSize(43).doesNotStartWith("whsec_");
  }

  @Test
  void secretsAreSealedInKafkaAndAnsweredOnlyOnCreateAndRotate() {
    Answer created = create("{\"url\":\"https://example.com/sealed\",\"events\":[\"order.*\"]}");
    String id = created.text("id");
    String first = created.text("secret");
    Answer rotated = api.post(P + "/" + id + "/rotate-secret", ADMIN, "");
    assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
    String second = rotated.text("secret");
    assertThat(second).startsWith("whsec_").isNotEqualTo(first);
    assertThat(api.get(P + "/" + id, ADMIN).raw()).doesNotContain(first).doesNotContain(second);

    List<ConsumerRecord<String, byte[]>> raw = TopicReader.await(fixture.bootstrapServers(),
        Topics.SUBSCRIPTIONS, r -> r.key().endsWith("/" + id), 2, Duration.ofSeconds(10));
    for (ConsumerRecord<String, byte[]> r : raw) {
      String stored = new String(r.value(), StandardCharsets.UTF_8);
      assertThat(stored).doesNotContain(first).doesNotContain(second)
          .doesNotContain(first.substring(6)).contains("hsenc:v1:");
    }
    // The newest record: two secrets, the old one expiring after the grace period.
    Subscription stored = Json.fromBytes(raw.get(raw.size() - 1).value(), Subscription.class);
    SecretBox box = SecretBox.fromBase64(IngestFixture.MASTER_KEY);
    assertThat(stored.secrets()).hasSize(2);
    assertThat(box.open(stored.secrets().get(0).value(), stored.topicKey())).isEqualTo(second);
    assertThat(box.open(stored.secrets().get(1).value(), stored.topicKey())).isEqualTo(first);
    Instant expires = stored.secrets().get(1).expiresAt();
    assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(23), Duration.ofHours(24));

    // During the grace period both verify; after it only the new one.
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.now();
    List<String> during = stored.activeSecrets(now).stream()
        .map(s -> box.open(s.value(), stored.topicKey())).toList();
    String header = StandardWebhooks.signatureHeader(during, "evt_1", now.getEpochSecond(), body);
    Map<String, String> headers = Map.of("webhook-id", "evt_1", "webhook-timestamp",
        String.valueOf(now.getEpochSecond()), "webhook-signature", header);
    assertVerifies(first, headers, body);
    assertVerifies(second, headers, body);
    List<String> after = stored.activeSecrets(expires).stream()
        .map(SigningSecret::value).map(v -> box.open(v, stored.topicKey())).toList();
    assertThat(after).containsExactly(second);
  }

  @Test
  void anEd25519WebhookAnswersItsPublicKeysAndSignsWithTheCurrentAndTheRotatedOut() {
    String base = "\"url\":\"https://example.com/ed\",\"events\":[\"order.created\"],"
        + "\"signature\":{\"scheme\":\"standard-webhooks-ed25519\"}";
    Answer created = create("{" + base + "}");
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String id = created.text("id");
    String signingKey = created.text("secret");
    assertThat(Ed25519Keys.isSigningKey(signingKey)).isTrue();
    String publicKey = Ed25519Keys.publicKey(signingKey);
    assertThat(created.text("publicKey")).isEqualTo(publicKey);
    assertThat(created.body().get("signature").get("scheme").asText())
        .isEqualTo("standard-webhooks-ed25519");
    Answer read = api.get(P + "/" + id, ADMIN);
    assertThat(read.text("publicKey")).isEqualTo(publicKey);
    assertThat(read.raw()).doesNotContain(signingKey.substring(5, 30));

    // A bare 32-byte seed is accepted and stored as the whsk_ key it makes.
    byte[] seed = new byte[32];
    seed[0] = 7;
    String fromSeed = Ed25519Keys.fromSeed(seed);
    Answer imported = create("{" + base + ",\"secret\":\""
        + java.util.Base64.getEncoder().encodeToString(seed) + "\"}");
    assertThat(imported.text("secret")).isEqualTo(fromSeed);
    assertThat(imported.text("publicKey")).isEqualTo(Ed25519Keys.publicKey(fromSeed));
    assertError(api.post(P, ADMIN, "{" + base + ",\"secret\":\"whsec_"
        + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}"), 400, "invalid_value", "secret");
    assertError(api.post(P, ADMIN, "{" + base + ",\"secret\":null}"), 400, "invalid_value",
        "secret");

    Answer rotated = api.post(P + "/" + id + "/rotate-secret", ADMIN, "");
    assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
    String next = rotated.text("secret");
    assertThat(Ed25519Keys.isSigningKey(next)).isTrue();
    JsonNode keys = api.get(P + "/" + id + "/public-keys", ADMIN).body().get("data");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).get("publicKey").asText()).isEqualTo(Ed25519Keys.publicKey(next));
    assertThat(keys.get(1).get("publicKey").asText()).isEqualTo(publicKey);
    assertThat(keys.get(1).has("expiresAt")).isTrue();
    assertThat(api.get(P + "/" + id, ADMIN).text("publicKey"))
        .isEqualTo(Ed25519Keys.publicKey(next));

    String hmac = create("{\"url\":\"https://example.com/h\",\"events\":[\"order.created\"]}")
        .text("id");
    assertError(api.get(P + "/" + hmac + "/public-keys", ADMIN), 409, "not_asymmetric", null);
    // Switching a webhook to Ed25519 gives it a signing key (a whsec_ secret cannot sign).
    Answer switched = api.patch(P + "/" + hmac, ADMIN,
        "{\"signature\":{\"scheme\":\"standard-webhooks-ed25519\"}}");
    assertThat(switched.status()).as(switched.raw()).isEqualTo(200);
    assertThat(Ed25519Keys.isSigningKey(switched.text("secret"))).isTrue();
  }

  @Test
  void endpointCredentialsAreValidatedSealedAndNeverAnsweredBack() throws Exception {
    String base = "\"url\":\"https://example.com/auth\",\"events\":[\"order.created\"],";
    Answer basic = create("{" + base + "\"auth\":{\"type\":\"basic\",\"username\":\"hook\","
        + "\"password\":\"pa55-word-xyz\"}}");
    assertThat(basic.status()).as(basic.raw()).isEqualTo(201);
    assertThat(basic.body().get("auth").toString())
        .isEqualTo("{\"type\":\"basic\",\"username\":\"hook\"}");
    String id = basic.text("id");
    assertThat(api.get(P + "/" + id, ADMIN).raw()).doesNotContain("pa55-word-xyz");
    List<ConsumerRecord<String, byte[]>> raw = TopicReader.await(fixture.bootstrapServers(),
        Topics.SUBSCRIPTIONS, r -> r.key().endsWith("/" + id), 1, Duration.ofSeconds(10));
    assertThat(new String(raw.get(0).value(), StandardCharsets.UTF_8))
        .doesNotContain("pa55-word-xyz").contains("hsenc:v1:");

    HeldCertificate cert = new HeldCertificate.Builder().commonName("client-7").build();
    Answer mtls = api.patch(P + "/" + id, ADMIN, "{\"auth\":{\"type\":\"mtls\","
        + "\"certificate\":" + Json.mapper().writeValueAsString(cert.certificatePem())
        + ",\"privateKey\":" + Json.mapper().writeValueAsString(cert.privateKeyPkcs8Pem()) + "}}");
    assertThat(mtls.status()).as(mtls.raw()).isEqualTo(200);
    JsonNode answered = mtls.body().get("auth");
    assertThat(answered.get("type").asText()).isEqualTo("mtls");
    assertThat(answered.get("certificate").get("subject").asText()).isEqualTo("CN=client-7");
    assertThat(mtls.raw()).doesNotContain("PRIVATE KEY");
    assertThat(api.patch(P + "/" + id, ADMIN, "{\"auth\":null}").body().has("auth")).isFalse();

    HeldCertificate other = new HeldCertificate.Builder().commonName("other").build();
    assertError(api.post(P, ADMIN, "{" + base + "\"auth\":{\"type\":\"mtls\",\"certificate\":"
        + Json.mapper().writeValueAsString(cert.certificatePem()) + ",\"privateKey\":"
        + Json.mapper().writeValueAsString(other.privateKeyPkcs8Pem()) + "}}"), 400,
        "invalid_value", "auth.certificate");
    assertError(api.post(P, ADMIN, "{\"url\":\"http://example.com/plain\",\"events\":"
        + "[\"order.created\"],\"auth\":{\"type\":\"mtls\",\"certificate\":"
        + Json.mapper().writeValueAsString(cert.certificatePem()) + ",\"privateKey\":"
        + Json.mapper().writeValueAsString(cert.privateKeyPkcs8Pem()) + "}}"), 400,
        "invalid_value", "auth");
    assertError(api.post(P, ADMIN, "{" + base + "\"auth\":{\"type\":\"basic\","
        + "\"username\":\"u\"}}"), 400, "missing_field", "auth.password");
    assertError(api.post(P, ADMIN, "{" + base + "\"auth\":{\"type\":\"kerberos\"}}"), 400,
        "invalid_value", "auth.type");
    assertError(api.post(P, ADMIN, "{" + base + "\"auth\":{\"type\":\"bearer\","
        + "\"token\":\"t\",\"password\":\"p\"}}"), 400, "unknown_field", "auth.password");
    assertError(api.post(P, ADMIN, "{" + base + "\"headers\":{\"Authorization\":\"x\"},"
        + "\"auth\":{\"type\":\"bearer\",\"token\":\"t\"}}"), 400, "invalid_value", "auth");
    assertError(api.post(P, ADMIN, "{" + base + "\"auth\":{\"type\":"
        + "\"oauth2-client-credentials\",\"tokenUrl\":\"ftp://idp.example.com/token\","
        + "\"clientId\":\"c\",\"clientSecret\":\"s\"}}"), 400, "invalid_value",
        "auth.tokenUrl");
    Answer oauth = create("{" + base + "\"auth\":{\"type\":\"oauth2-client-credentials\","
        + "\"tokenUrl\":\"https://idp.example.com/token\",\"clientId\":\"c-1\","
        + "\"clientSecret\":\"never-shown\",\"scope\":\"hooks\"}}");
    assertThat(oauth.status()).as(oauth.raw()).isEqualTo(201);
    assertThat(oauth.raw()).doesNotContain("never-shown");
    assertThat(oauth.body().get("auth").get("clientId").asText()).isEqualTo("c-1");
  }

  @Test
  void aTenantKeyCanBeRotated() {
    String key = api.post("/v1/tenants", ADMIN, "{\"id\":\"rotator\"}").text("apiKey");
    Answer rotated = api.post("/v1/tenants/rotator/rotate-key", key, "");
    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.text("apiKey");
    assertThat(fresh).startsWith("hsk_").isNotEqualTo(key);
    assertError(api.get("/v1/tenants/rotator/webhooks", key), 401, "unauthorized", null);
    assertThat(api.get("/v1/tenants/rotator/webhooks", fresh).status()).isEqualTo(200);
  }

  @Test
  void anIdempotencyKeyAnswersTheFirstResultAndRoutesOnce() {
    String sub = create("{\"url\":\"https://example.com/idem\",\"events\":[\"order.created\"]}").text("id");
    HttpRequest.Builder req = HttpRequest.newBuilder().header("Idempotency-Key", "checkout-7781")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"order.created\",\"data\":{\"n\":1}}"));
    String first = api.send("/v1/tenants/acme/events", ADMIN, req).text("id");
    String again = api.send("/v1/tenants/acme/events", ADMIN, HttpRequest.newBuilder()
        .header("Idempotency-Key", "checkout-7781").POST(HttpRequest.BodyPublishers.ofString(
            "{\"type\":\"order.created\",\"data\":{\"n\":1}}"))).text("id");
    assertThat(again).isEqualTo(first);
    String marker = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{}}").text("id");
    List<ConsumerRecord<String, byte[]>> routed = TopicReader.await(fixture.bootstrapServers(),
        Topics.DELIVERIES, r -> r.key().equals(sub), 2, Duration.ofSeconds(20));
    assertThat(routed).extracting(r -> Json.fromBytes(r.value(), DeliveryTask.class).eventId().value())
        .containsExactly(first, marker);
  }

  @Test
  void dataIsValidatedAgainstTheTypesSchema() {
    assertThat(api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"invoice.paid\",\"data\":{\"amount\":10.5,\"currency\":\"EUR\"}}").status())
        .isEqualTo(202);
    Answer wrongType = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"invoice.paid\",\"data\":{\"amount\":\"ten\"}}");
    assertError(wrongType, 422, "schema_violation", "data.amount");
    assertThat(wrongType.error("schemaPath")).isEqualTo("#/properties/amount/type");
    Answer missing = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"invoice.paid\",\"data\":{\"currency\":\"EUR\"}}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.error("schemaPath")).isEqualTo("#/required");
    assertError(api.post("/v1/event-types", ADMIN,
        "{\"name\":\"bad.schema\",\"schema\":{\"type\":\"banana\"}}"), 400, "invalid_schema",
        "schema.type");
  }

  @Test
  void anOversizeEventAnswers413() {
    String big = "x".repeat(300 * 1024);
    Answer a = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"blob\":\"" + big + "\"}}");
    assertError(a, 413, "too_large", null);
  }

  @Test
  void eventDataIsSentInJsonStringifyForm() throws Exception {
    String sub = create("{\"url\":\"https://example.com/canon\",\"events\":[\"property.updated\"]}").text("id");
    api.post("/v1/tenants/acme/events", ADMIN, "{\"type\":\"property.updated\",\"data\":{ \"price\" : "
        + "750000.00, \"size\": 1e2 }}");
    DeliveryTask task = Json.fromBytes(TopicReader.await(fixture.bootstrapServers(),
        Topics.DELIVERIES, r -> r.key().equals(sub), 1, Duration.ofSeconds(20)).get(0).value(),
        DeliveryTask.class);
    assertThat(task.payload().asString()).endsWith("\"data\":{\"price\":750000,\"size\":100}}");
    // The timestamp as JavaScript's Date#toISOString writes it: milliseconds, UTC.
    assertThat(Json.mapper().readTree(task.payload().asString()).get("timestamp").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  }

  @Test
  void openApiDescribesEveryRoute() {
    JsonNode doc = api.get("/openapi.json", null).body();
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    Set<String> documented = new java.util.TreeSet<>();
    doc.get("paths").properties().forEach(p -> p.getValue().fieldNames()
        .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + p.getKey())));
    Set<String> routes = fixture.routes().stream().collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(documented).isEqualTo(routes);
  }

  static Answer create(String json) {
    Answer a = api.post(P, ADMIN, json);
    assertThat(a.status()).as(a.raw()).isIn(201, 400);
    return a;
  }

  static String globexKey() {
    return api.post("/v1/tenants/globex/rotate-key", ADMIN, "").text("apiKey");
  }

  static void assertVerifies(String secret, Map<String, String> headers, byte[] body) {
    try {
      WebhookVerifier.of(secret).verify(headers, body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
