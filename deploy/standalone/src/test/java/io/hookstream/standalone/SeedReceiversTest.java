package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.client.HookstreamPublisher;
import io.hookstream.json.Json;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Receivers written from each seed's own verification snippet, not from Hookstream's code, accept
 * what the matching signature profile sends; the Java client publishes over HTTP and to Kafka.
 */
class SeedReceiversTest {
  static StandaloneFixture hookstream;
  static ApiClient api;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() {
    receiver = new ScriptedReceiver();
    hookstream = new StandaloneFixture(Map.of());
    api = hookstream.api;
    api.post("/v1/tenants", ADMIN, "{\"id\":\"seeds\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"property.updated\"}");
  }

  @AfterAll
  static void stop() {
    hookstream.close();
    receiver.close();
  }

  @Test
  void eachSeedsOwnSnippetVerifiesItsProfile() throws Exception {
    webhook("/propstack", "hmac-sha256-hex", "X-Propstack-Signature", null, "propstack-key");
    webhook("/protocol", "hmac-sha256-hex", "x-protocol-signature", null, "protocol-key");
    webhook("/plextrac", "hmac-sha256-hex", "X-Authorization-HMAC-256", null, "plextrac-key");
    webhook("/dastra", "hmac-sha256-base64", "Dastra-Signature", null, "dastra-key");
    webhook("/realestate", "hmac-sha256-hex-timestamp", "x-webhook-signature",
        "x-webhook-timestamp", "realestate-key");
    assertThat(api.post("/v1/tenants/seeds/events", ADMIN, "{\"type\":\"property.updated\","
        + "\"data\":{ \"property\" : { \"id\":\"prop_1\", \"price\": 750000.00, \"city\":\"Köln\" } },"
        + "\"changedAttributes\":[\"price\"]}").status()).isEqualTo(202);

    // Propstack (JS): createHmac('sha256', secret).update(requestBody, 'utf8').digest('hex')
    RecordedRequest propstack = await("/propstack");
    assertThat(propstack.getHeader("X-Propstack-Signature"))
        .isEqualTo(hex(hmac("propstack-key", body(propstack))));
    // Protocol (Python): hmac.new(bytes(secret), bytes(payload), sha256).hexdigest()
    RecordedRequest protocol = await("/protocol");
    assertThat(protocol.getHeader("x-protocol-signature"))
        .isEqualTo(hex(hmac("protocol-key", body(protocol))));
    // PlexTrac: HMAC-SHA256 of the raw JSON payload with the secret, in X-Authorization-HMAC-256
    RecordedRequest plextrac = await("/plextrac");
    assertThat(plextrac.getHeader("X-Authorization-HMAC-256"))
        .isEqualTo(hex(hmac("plextrac-key", body(plextrac))));
    // Dastra (C#): Convert.ToBase64String(new HMACSHA256(UTF8(secret)).ComputeHash(UTF8(payload)))
    RecordedRequest dastra = await("/dastra");
    assertThat(dastra.getHeader("Dastra-Signature"))
        .isEqualTo(Base64.getEncoder().encodeToString(hmac("dastra-key", body(dastra))));
    // Real-estate (Express): body = JSON.stringify(req.body);
    //   createHmac('sha256', secret).update(timestamp + body).digest('hex')
    RecordedRequest realEstate = await("/realestate");
    String restringified = Json.mapper().writeValueAsString(
        Json.mapper().readTree(body(realEstate)));
    String timestamp = realEstate.getHeader("x-webhook-timestamp");
    assertThat(realEstate.getHeader("x-webhook-signature")).isEqualTo(hex(hmac("realestate-key",
        (timestamp + restringified).getBytes(StandardCharsets.UTF_8))));

    JsonNode received = Json.mapper().readTree(body(propstack));
    assertThat(received.get("changedAttributes").get(0).asText()).isEqualTo("price");
    assertThat(received.get("data").get("property").get("price").asLong()).isEqualTo(750000);
  }

  @Test
  void theJavaClientPublishesOverHttpAndStraightToKafka() throws Exception {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"client\"}");
    api.post("/v1/tenants/client/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/client")
        + "\",\"events\":[\"property.updated\"]}");
    String overHttp;
    try (HookstreamPublisher http = HookstreamPublisher.overHttp(
        URI.create("http://127.0.0.1:" + hookstream.standalone.httpPort()), ADMIN)) {
      overHttp = http.publish("client", "property.updated", Map.of("via", "http"));
    }
    try (HookstreamPublisher kafka = HookstreamPublisher.toKafka(
        Map.of("bootstrap.servers", hookstream.standalone.bootstrapServers()))) {
      kafka.publish("client", "kafka-1", "property.updated", Map.of("via", "kafka"), List.of());
      kafka.publish("client", "kafka-1", "property.updated", Map.of("via", "kafka"), List.of());
      kafka.publish("client", "kafka-2", "property.updated", Map.of("via", "kafka", "n", 100.0),
          null);
    }
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> receiver.requests("/client").size() >= 3);
    // the duplicate id must not arrive as a fourth request
    Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
        .until(() -> receiver.requests("/client").size() == 3);
    assertThat(receiver.requests("/client")).extracting(r -> r.getHeader("webhook-id"))
        .containsExactlyInAnyOrder(overHttp, "kafka-1", "kafka-2");
    // JSON.stringify form: 100.0 is written 100, as JavaScript writes it
    assertThat(receiver.requests("/client")).filteredOn(r -> "kafka-2".equals(r.getHeader("webhook-id")))
        .extracting(r -> new String(body(r), StandardCharsets.UTF_8))
        .singleElement().asString().contains("\"n\":100").doesNotContain("100.0");
  }

  @Test
  void eventsProducedStraightToKafkaAreSentInJsonStringifyForm() throws Exception {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"rawkafka\"}");
    api.post("/v1/tenants/rawkafka/webhooks", ADMIN, "{\"url\":\"" + receiver.url("/raw")
        + "\",\"events\":[\"property.updated\"]}");
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of("bootstrap.servers",
            hookstream.standalone.bootstrapServers()),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.StringSerializer())) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("hookstream.events",
          "rawkafka", "{ \"id\": \"raw-1\", \"type\": \"property.updated\", \"timestamp\":"
              + " \"2023-06-15T10:30:00Z\", \"data\" : { \"price\" : 1e2, \"ratio\": 0.50,"
              + " \"city\": \"K\\u00f6ln\" } }")).get();
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> !receiver.requests("/raw").isEmpty());
    assertThat(new String(body(receiver.requests("/raw").get(0)), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"raw-1\",\"type\":\"property.updated\","
            + "\"timestamp\":\"2023-06-15T10:30:00.000Z\","
            + "\"data\":{\"price\":100,\"ratio\":0.5,\"city\":\"Köln\"}}");
  }

  static void webhook(String path, String scheme, String header, String timestampHeader,
      String secret) {
    String signature = "{\"scheme\":\"" + scheme + "\",\"header\":\"" + header + "\""
        + (timestampHeader == null ? "" : ",\"timestampHeader\":\"" + timestampHeader + "\"") + "}";
    ApiClient.Answer a = api.post("/v1/tenants/seeds/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(path) + "\",\"events\":[\"property.*\"],\"signature\":" + signature
        + ",\"secret\":\"" + secret + "\"}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
  }

  static RecordedRequest await(String path) throws InterruptedException {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> !receiver.requests(path).isEmpty());
    assertThat(receiver.requests(path)).hasSize(1);
    return receiver.requests(path).get(0);
  }

  static byte[] body(RecordedRequest r) {
    return r.getBody().clone().readByteArray();
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
