package io.hookstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import io.hookstream.ingest.routing.RoutingProcessor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");

  @TempDir Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<String, Subscription> subscriptions;
  TestInputTopic<String, Event> events;
  TestInputTopic<String, byte[]> rawEvents;
  TestOutputTopic<String, DeliveryTask> deliveries;

  @BeforeEach
  void start() {
    driver = StreamsDrivers.router(stateDir);
    subscriptions = StreamsDrivers.input(driver, Topics.SUBSCRIPTIONS, Subscription.class, T0,
        Duration.ofMillis(1));
    events = StreamsDrivers.input(driver, Topics.EVENTS, Event.class, T0.plusSeconds(1),
        Duration.ofMillis(1));
    rawEvents = driver.createInputTopic(Topics.EVENTS, new StringSerializer(),
        new ByteArraySerializer(), T0.plusSeconds(1), Duration.ofMillis(1));
    deliveries = StreamsDrivers.output(driver, Topics.DELIVERIES, DeliveryTask.class);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void fansOutToEveryMatchingSubscriptionOfTheTenantOnly() {
    put(sub(ACME, "sub_a", "order.created"));
    put(sub(ACME, "sub_b", "order.*"));
    put(sub(ACME, "sub_c", "*"));
    put(sub(ACME, "sub_d", "invoice.paid"));
    put(sub(GLOBEX, "sub_g", "*"));

    publish(event(ACME, "evt_1", "order.created"));

    List<TestRecord<String, DeliveryTask>> out = deliveries.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("sub_a", "sub_b", "sub_c");
    DeliveryTask task = out.get(0).value();
    assertThat(task.attempt()).isEqualTo(1);
    assertThat(task.tier()).isZero();
    assertThat(task.eventId()).isEqualTo(EventId.of("evt_1"));
    assertThat(task.tenant()).isEqualTo(ACME);
    assertThat(task.subscription().id().value()).isEqualTo(out.get(0).key());
    JsonNode body = Json.mapper().valueToTree(Json.fromBytes(task.payload().bytes(), JsonNode.class));
    assertThat(body.get("id").asText()).isEqualTo("evt_1");
    assertThat(body.get("type").asText()).isEqualTo("order.created");
    assertThat(body.get("data").get("n").asInt()).isEqualTo(1);
    assertThat(body.has("timestamp")).isTrue();
    // one body per event, shared by the whole fan-out
    assertThat(out).extracting(r -> new String(r.value().payload().bytes(), StandardCharsets.UTF_8))
        .containsOnly(new String(task.payload().bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void eachSubscriptionNumbersItsDeliveriesFromOneWithoutGaps() {
    put(sub(ACME, "sub_all", "*"));
    put(sub(ACME, "sub_orders", "order.*"));
    publish(event(ACME, "evt_1", "order.created"));
    publish(event(ACME, "evt_2", "invoice.paid"));
    publish(event(ACME, "evt_3", "order.shipped"));
    publish(event(ACME, "evt_2", "invoice.paid")); // a repeat: not routed, not numbered
    publish(event(ACME, "evt_4", "order.created"));

    List<TestRecord<String, DeliveryTask>> out = deliveries.readRecordsToList();
    assertThat(out).filteredOn(r -> r.key().equals("sub_all"))
        .extracting(r -> r.value().eventId().value() + "#" + r.value().sequence())
        .containsExactly("evt_1#1", "evt_2#2", "evt_3#3", "evt_4#4");
    assertThat(out).filteredOn(r -> r.key().equals("sub_orders"))
        .extracting(r -> r.value().eventId().value() + "#" + r.value().sequence())
        .containsExactly("evt_1#1", "evt_3#2", "evt_4#3");
    // the counter is the router's state: it continues where it was
    KeyValueStore<String, Long> counters = driver.getKeyValueStore(RoutingProcessor.SEQUENCES);
    assertThat(counters.get("sub_all")).isEqualTo(4L);
    assertThat(counters.get("sub_orders")).isEqualTo(3L);
  }

  @Test
  void deletedSubscriptionsReceiveNothingAndDisabledOnesAreParkedByTheDispatcher() {
    put(sub(ACME, "sub_live", "*"));
    put(sub(ACME, "sub_deleted", "*"));
    put(sub(ACME, "sub_disabled", "*").toBuilder().enabled(false).build());
    subscriptions.pipeInput(Subscription.topicKey(ACME, SubscriptionId.of("sub_deleted")), null);

    publish(event(ACME, "evt_1", "order.created"));

    // a disabled subscription's task reaches the dispatcher, which records and parks it
    assertThat(keys()).containsExactly("sub_disabled", "sub_live");
  }

  @Test
  void anUpdateTakesEffectForLaterEvents() {
    Subscription sub = sub(ACME, "sub_a", "order.created");
    put(sub);
    publish(event(ACME, "evt_1", "invoice.paid"));
    assertThat(deliveries.isEmpty()).isTrue();

    put(sub.toBuilder().events(List.of("invoice.*")).url("https://new.example.com/hook").build());
    publish(event(ACME, "evt_2", "invoice.paid"));
    publish(event(ACME, "evt_3", "order.created"));

    List<DeliveryTask> out = deliveries.readValuesToList();
    assertThat(out).extracting(DeliveryTask::eventId).containsExactly(EventId.of("evt_2"));
    assertThat(out.get(0).subscription().url()).isEqualTo("https://new.example.com/hook");
  }

  @Test
  void aRepeatedEventIdIsRoutedOnce() {
    put(sub(ACME, "sub_a", "*"));
    publish(event(ACME, "order-42", "order.created"));
    publish(event(ACME, "order-42", "order.created"));
    // the same id of another tenant is another event
    put(sub(GLOBEX, "sub_g", "*"));
    publish(event(GLOBEX, "order-42", "order.created"));

    assertThat(keys()).containsExactly("sub_a", "sub_g");
  }

  @Test
  void aRepeatAfterTheWindowIsRoutedAgain() {
    put(sub(ACME, "sub_a", "*"));
    events.pipeInput(ACME.value(), event(ACME, "order-42", "order.created"), T0.plusSeconds(10));
    events.pipeInput(ACME.value(), event(ACME, "order-42", "order.created"),
        T0.plusSeconds(10).plus(Duration.ofHours(25)));
    assertThat(keys()).containsExactly("sub_a", "sub_a");
  }

  @Test
  void eventsProducedStraightToKafkaAreCompletedFromTheRecord() {
    put(sub(ACME, "sub_a", "*"));
    rawEvents.pipeInput("acme",
        "{\"type\":\"order.created\",\"data\":{\"n\":7}}".getBytes(StandardCharsets.UTF_8),
        T0.plusSeconds(5));

    DeliveryTask task = deliveries.readValue();
    assertThat(task.tenant()).isEqualTo(ACME);
    assertThat(task.eventId().value()).isEqualTo("evt_k0_0");
    assertThat(task.eventTime()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void malformedAndUnroutableEventsAreSkippedWithoutStoppingTheRouter() {
    put(sub(ACME, "sub_a", "*"));
    rawEvents.pipeInput("acme", "not json".getBytes(StandardCharsets.UTF_8));
    rawEvents.pipeInput("acme", "{\"data\":{}}".getBytes(StandardCharsets.UTF_8));
    rawEvents.pipeInput("Not A Tenant", "{\"type\":\"a.b\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
    publish(event(ACME, "evt_ok", "order.created"));
    assertThat(deliveries.readValuesToList()).extracting(DeliveryTask::eventId)
        .containsExactly(EventId.of("evt_ok"));
  }

  @Test
  void aSubscriptionRecordUnderTheWrongKeyIsIgnored() {
    subscriptions.pipeInput("globex/sub_a", sub(ACME, "sub_a", "*"));
    publish(event(GLOBEX, "evt_1", "order.created"));
    publish(event(ACME, "evt_2", "order.created"));
    assertThat(deliveries.isEmpty()).isTrue();
  }

  List<String> keys() {
    return deliveries.readRecordsToList().stream().map(TestRecord::key).toList();
  }

  @Test
  void filtersOnChangedAttributesAndDataFields() throws Exception {
    put(sub(ACME, "sub_price", "property.updated").toBuilder().filter(filter(
        "{\"changedAttributes\":[\"price\"]}")).build());
    put(sub(ACME, "sub_sold", "property.updated").toBuilder().filter(filter(
        "{\"data.status\":\"sold\"}")).build());
    put(sub(ACME, "sub_all", "property.updated"));

    publish(Event.create(EventId.of("evt_title"), ACME, "property.updated", T0,
        Json.raw(Json.mapper().readTree("{\"status\":\"listed\"}")), List.of("title")));
    publish(Event.create(EventId.of("evt_price"), ACME, "property.updated", T0,
        Json.raw(Json.mapper().readTree("{\"status\":\"listed\"}")), List.of("title", "price")));
    publish(Event.create(EventId.of("evt_sold"), ACME, "property.updated", T0,
        Json.raw(Json.mapper().readTree("{\"status\":\"sold\"}")), List.of("status")));

    List<TestRecord<String, DeliveryTask>> out = deliveries.readRecordsToList();
    assertThat(out).extracting(r -> r.key() + ":" + r.value().eventId().value()).containsExactly(
        "sub_all:evt_title", "sub_all:evt_price", "sub_price:evt_price", "sub_all:evt_sold",
        "sub_sold:evt_sold");
  }

  static io.hookstream.model.SubscriptionFilter filter(String json) throws Exception {
    return io.hookstream.model.SubscriptionFilter.fromJson(
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(json));
  }

  void put(Subscription s) {
    subscriptions.pipeInput(s.topicKey(), s);
  }

  void publish(Event e) {
    events.pipeInput(e.tenant().value(), e);
  }

  static Subscription sub(TenantId tenant, String id, String... patterns) {
    return Subscription.builder(SubscriptionId.of(id), tenant, "https://example.com/" + id)
        .events(List.of(patterns))
        .secrets(List.of(new SigningSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", T0, null)))
        .createdAt(T0).updatedAt(T0).build();
  }

  static Event event(TenantId tenant, String id, String type) {
    return Event.create(EventId.of(id), tenant, type, T0,
        Json.raw(Json.mapper().createObjectNode().put("n", 1)), null);
  }
}
