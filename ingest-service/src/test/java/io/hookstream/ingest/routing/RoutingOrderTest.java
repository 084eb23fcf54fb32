package io.hookstream.ingest.routing;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.ingest.IngestFixture;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A webhook answered 201 receives an event published right after, with no pause between the two
 * calls, and a deleted webhook receives nothing published after its 204. Real broker, real router.
 */
class RoutingOrderTest {
  static IngestFixture fixture;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    api.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void anEventPublishedRightAfterTheCreateAnswerReachesTheNewWebhook() {
    for (int i = 0; i < 5; i++) {
      String sub = api.post("/v1/tenants/acme/webhooks", ADMIN,
          "{\"url\":\"https://example.com/" + i + "\",\"events\":[\"order.created\"]}").text("id");
      String event = api.post("/v1/tenants/acme/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"i\":" + i + "}}").text("id");

      List<ConsumerRecord<String, byte[]>> routed = TopicReader.await(
          bootstrap(), Topics.DELIVERIES,
          r -> r.key().equals(sub), 1, Duration.ofSeconds(20));
      assertThat(routed).hasSize(1);
      assertThat(Json.fromBytes(routed.get(0).value(), DeliveryTask.class).eventId().value())
          .isEqualTo(event);
    }
  }

  @Test
  void nothingPublishedAfterADeleteAnswerReachesTheDeletedWebhook() {
    String keep = api.post("/v1/tenants/acme/webhooks", ADMIN,
        "{\"url\":\"https://example.com/keep\",\"events\":[\"order.created\"]}").text("id");
    String gone = api.post("/v1/tenants/acme/webhooks", ADMIN,
        "{\"url\":\"https://example.com/gone\",\"events\":[\"order.created\"]}").text("id");
    assertThat(api.delete("/v1/tenants/acme/webhooks/" + gone, ADMIN).status()).isEqualTo(204);
    String event = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{}}").text("id");

    TopicReader.await(bootstrap(), Topics.DELIVERIES, r -> r.key().equals(keep)
        && Json.fromBytes(r.value(), DeliveryTask.class).eventId().value().equals(event),
        1, Duration.ofSeconds(20));
    assertThat(TopicReader.await(bootstrap(), Topics.DELIVERIES, r -> r.key().equals(gone), 0,
        Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void aRepeatedEventIdIsDeliveredOnce() {
    String sub = api.post("/v1/tenants/acme/webhooks", ADMIN,
        "{\"url\":\"https://example.com/once\",\"events\":[\"order.created\"]}").text("id");
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/v1/tenants/acme/events", ADMIN,
          "{\"id\":\"order-77\",\"type\":\"order.created\",\"data\":{}}").status()).isEqualTo(202);
    }
    String marker = api.post("/v1/tenants/acme/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{}}").text("id");
    List<ConsumerRecord<String, byte[]>> routed = TopicReader.await(bootstrap(), Topics.DELIVERIES,
        r -> r.key().equals(sub), 2, Duration.ofSeconds(20));
    assertThat(routed).extracting(r -> Json.fromBytes(r.value(), DeliveryTask.class).eventId().value())
        .containsExactly("order-77", marker);
  }

  static String bootstrap() {
    return fixture.bootstrapServers();
  }
}
