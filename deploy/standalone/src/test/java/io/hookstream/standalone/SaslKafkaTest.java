package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka that demands SASL authentication, as MSK, Confluent Cloud and most production clusters
 * do: Hookstream reaches it with nothing but {@code HOOKSTREAM_KAFKA_*} variables, which must
 * reach every client it makes (admin, producers, consumers, the Streams router and its views).
 */
class SaslKafkaTest {
  static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
      + " username=\"%s\" password=\"%s\"%s;";

  @TempDir Path dir;

  @Test
  void everyClientAuthenticatesWithThePassedThroughProperties() {
    String users = " user_broker=\"broker-secret\" user_hookstream=\"hookstream-secret\"";
    EmbeddedKafka.NodeSettings node = EmbeddedKafka.NodeSettings
        .single(dir.resolve("kafka"), EmbeddedKafka.freePort())
        .withOverrides(Map.of(
            "listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
            "sasl.enabled.mechanisms", "PLAIN",
            "sasl.mechanism.inter.broker.protocol", "PLAIN",
            "listener.name.plaintext.plain.sasl.jaas.config",
            String.format(JAAS, "broker", "broker-secret", users)));
    Map<String, String> client = Map.of(
        "HOOKSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "HOOKSTREAM_KAFKA_SASL_MECHANISM", "PLAIN",
        "HOOKSTREAM_KAFKA_SASL_JAAS_CONFIG", String.format(JAAS, "hookstream", "hookstream-secret",
            ""));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(node, Map.of("security.protocol",
            "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
            String.format(JAAS, "hookstream", "hookstream-secret", "")));
        ScriptedReceiver receiver = new ScriptedReceiver()) {
      Map<String, String> env = new java.util.HashMap<>(client);
      env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      try (StandaloneFixture hookstream = new StandaloneFixture(env)) {
        ApiClient api = hookstream.api;
        assertThat(api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}").status())
            .isEqualTo(201);
        assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"sasl\"}").status()).isEqualTo(201);
        assertThat(api.post("/v1/tenants/sasl/webhooks", ADMIN, "{\"url\":\""
            + receiver.url("/hook") + "\",\"events\":[\"order.*\"]}").status()).isEqualTo(201);
        Set<String> published = new HashSet<>();
        for (int i = 0; i < 5; i++) {
          ApiClient.Answer a = api.post("/v1/tenants/sasl/events", ADMIN,
              "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}");
          assertThat(a.status()).as(a.raw()).isEqualTo(202);
          published.add(a.text("id"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
            receiver.requests("/hook").size() >= published.size());
        Set<String> received = new HashSet<>();
        receiver.requests("/hook").forEach(r -> received.add(r.getHeader("webhook-id")));
        assertThat(received).isEqualTo(published);
        // The delivery log is the Streams router's state, read back through the API.
        String sub = api.get("/v1/tenants/sasl/webhooks", ADMIN).body().get("data").get(0)
            .get("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get(
            "/v1/tenants/sasl/webhooks/" + sub + "/deliveries?status=succeeded", ADMIN).body()
            .get("data").size() == published.size());
      }
    }
  }
}
