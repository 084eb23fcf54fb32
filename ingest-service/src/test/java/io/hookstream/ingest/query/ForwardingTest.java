package io.hookstream.ingest.query;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.IngestFixture;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryTask;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two ingest instances split the delivery log and the events between them; every query answers
 * the same through either, the one not holding a key forwarding to the one that does.
 */
class ForwardingTest {
  static IngestFixture a;
  static IngestFixture b;
  static ApiClient viaA;
  static ApiClient viaB;
  static final List<String> subs = new ArrayList<>();
  static final List<String> events = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    a = IngestFixture.start();
    b = IngestFixture.another(a);
    viaA = a.api();
    viaB = b.api();
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> viaB.get("/health/ready", null).status() == 200
            && viaA.get("/health/ready", null).status() == 200);
    // Ready is not enough: the second instance serves before the rebalance gives it any tasks.
    // Both must hold some of the delivery log and some of the event lookup.
    Awaitility.await().atMost(Duration.ofSeconds(90))
        .until(() -> java.util.stream.Stream.of(a, b).allMatch(i -> i.activeTasks("views 0") > 0
            && i.activeTasks("views 1") > 0 && i.activeTasks("router 0") > 0));
    viaA.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}");
    viaA.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
    // 12 webhooks, so both instances hold some of them (all on one side: 1 run in 2,048)
    for (int i = 0; i < 12; i++) {
      subs.add(viaA.post("/v1/tenants/acme/webhooks", ADMIN,
          "{\"url\":\"https://example.com/" + i + "\",\"events\":[\"*\"]}").text("id"));
    }
    for (int i = 0; i < 4; i++) {
      events.add(viaB.post("/v1/tenants/acme/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}").text("id"));
    }
    // Play the dispatcher: one delivered attempt per routed delivery.
    List<ConsumerRecord<String, byte[]>> routed = TopicReader.await(a.bootstrapServers(),
        Topics.DELIVERIES, r -> subs.contains(r.key()), 48, Duration.ofSeconds(30));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", a.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (ConsumerRecord<String, byte[]> r : routed) {
        DeliveryTask task = Json.fromBytes(r.value(), DeliveryTask.class);
        DeliveryAttempt attempt = DeliveryAttempt.of(task, Instant.now(), 7, 200, null, "ok",
            AttemptOutcome.DELIVERED, null);
        producer.send(new ProducerRecord<>(Topics.ATTEMPTS, r.key(), Json.toBytes(attempt)));
      }
    }
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void eachDeliveryLogIsHeldByOneInstanceAndAnsweredByBoth() {
    int heldByA = 0;
    for (String sub : subs) {
      String path = "/v1/tenants/acme/webhooks/" + sub + "/deliveries";
      Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> viaA.get(path, ADMIN).body().get("data").size() == 4);
      JsonNode throughA = viaA.get(path, ADMIN).body();
      JsonNode throughB = viaB.get(path, ADMIN).body();
      assertThat(throughB).isEqualTo(throughA);
      assertThat(throughA.get("data").findValuesAsText("eventId")).containsExactlyInAnyOrderElementsOf(events);

      int localA = viaA.get("/internal/v1/log/" + sub + "?limit=50", ADMIN).body().get("data").size();
      int localB = viaB.get("/internal/v1/log/" + sub + "?limit=50", ADMIN).body().get("data").size();
      assertThat(localA + localB).as("held by exactly one instance").isEqualTo(4);
      assertThat(localA * localB).isZero();
      heldByA += localA > 0 ? 1 : 0;

      JsonNode health = viaB.get("/v1/tenants/acme/webhooks/" + sub, ADMIN).body().get("health");
      assertThat(health.get("successRateLastHour").asDouble()).isEqualTo(1.0);
    }
    assertThat(heldByA).as("both instances hold some logs").isBetween(1, subs.size() - 1);
  }

  @Test
  void anEventAndAllItsDeliveriesThroughEitherInstance() {
    for (String event : events) {
      String path = "/v1/tenants/acme/events/" + event;
      Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> viaA.get(path, ADMIN).body().get("deliveries").size() == subs.size());
      JsonNode throughA = viaA.get(path, ADMIN).body();
      assertThat(viaB.get(path, ADMIN).body()).isEqualTo(throughA);
      assertThat(throughA.get("event").get("id").asText()).isEqualTo(event);
      assertThat(throughA.get("event").get("data").get("n").isInt()).isTrue();
      assertThat(throughA.get("deliveries").findValuesAsText("status")).containsOnly("succeeded");
    }
  }
}
