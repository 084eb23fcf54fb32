package io.hookstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireModelTest {
  final Instant now = Instant.parse("2026-11-22T10:15:30.123Z");
  final TenantId acme = TenantId.of("acme");

  @Test
  void deliveryTaskRoundTripsWithItsPayloadByteForByte() throws Exception {
    JsonNode data = Json.mapper().readTree("{\"orderId\":\"o-1\",\"total\":12.5,\"note\":\"ünïcode \\\"q\\\"\"}");
    Event event = Event.create(EventId.of("evt_1"), acme, "order.created", now, Json.raw(data), List.of("total"));
    byte[] body = Json.toBytes(WebhookBody.of(event));
    Subscription sub = Subscription.builder(SubscriptionId.of("sub_1"), acme, "https://example.com/h")
        .events(List.of("order.*"))
        .secrets(List.of(new SigningSecret("whsec_abc", now, null)))
        .headers(Map.of("x-team", "billing"))
        .createdAt(now).updatedAt(now).build();
    DeliveryTask task = DeliveryTask.first(event, sub, RawJson.ofTrustedBytes(body));

    JsonSerde<DeliveryTask> serde = JsonSerde.of(DeliveryTask.class);
    byte[] wire = serde.serialize("t", task);
    DeliveryTask back = serde.deserialize("t", wire);

    assertThat(back).isEqualTo(task);
    assertThat(back.payload().bytes()).isEqualTo(body);
    assertThat(new String(wire, StandardCharsets.UTF_8))
        .contains("\"payload\":{\"id\":\"evt_1\",\"type\":\"order.created\",\"timestamp\":\"2026-11-22T10:15:30.123Z\"")
        .contains("\"v\":1");
  }

  @Test
  void aRenderedBodyAndTheTestMarkSurviveTheWire() {
    Event event = Event.create(EventId.of("evt_r"), acme, "order.created", now,
        RawJson.ofTrustedBytes("{\"a\":1}".getBytes()), null,
        RawJson.ofTrustedBytes("{\"userId\":\"u\"}".getBytes()));
    Subscription sub = Subscription.builder(SubscriptionId.of("sub_r"), acme, "https://e.com/")
        .events(List.of("*")).build();
    DeliveryTask task = DeliveryTask.first(event, sub, Json.raw(WebhookBody.of(event)))
        .withRenderedBody(RawJson.ofTrustedBytes("{\"x\":1e2}".getBytes())).nextAttempt(1);
    DeliveryTask back = Json.fromBytes(Json.toBytes(task), DeliveryTask.class);
    assertThat(back.hasRenderedBody()).isTrue();
    assertThat(back.payload().asString()).isEqualTo("{\"x\":1e2}");
    assertThat(back).isEqualTo(task);
    DeliveryAttempt attempt = DeliveryAttempt.of(task, now, 1, 200, null, null,
        AttemptOutcome.DELIVERED, null).asTest();
    DeliveryAttempt attemptBack = Json.fromBytes(Json.toBytes(attempt), DeliveryAttempt.class);
    assertThat(attemptBack.fromTestSend()).isTrue();
    assertThat(DeliveryLogEntry.first(attemptBack).fromTestSend()).isTrue();
    assertThat(Json.toString(DeliveryLogEntry.first(attemptBack))).contains("\"test\":true");
  }

  @Test
  void bodyTimestampsAlwaysHaveMillisecondsEvenAtAWholeSecond() {
    Instant whole = Instant.parse("2023-06-15T10:30:00Z");
    Event event = Event.create(EventId.of("evt_w"), acme, "order.created", whole,
        RawJson.ofTrustedBytes("{}".getBytes()), null);
    assertThat(Json.toString(WebhookBody.of(event)))
        .isEqualTo("{\"id\":\"evt_w\",\"type\":\"order.created\","
            + "\"timestamp\":\"2023-06-15T10:30:00.000Z\",\"data\":{}}");
    assertThat(io.hookstream.json.Timestamps.iso(Instant.parse("2023-06-15T10:30:00.5Z")))
        .isEqualTo("2023-06-15T10:30:00.500Z");
    assertThat(io.hookstream.json.Timestamps.iso(Instant.parse("2023-06-15T10:30:00.123456Z")))
        .isEqualTo("2023-06-15T10:30:00.123Z");
  }

  @Test
  void rawPayloadIsSlicedFromTheInputNotRewritten() {
    // Whitespace and key order would not survive a parse-and-write round trip.
    byte[] odd = "{ \"z\" : 1,\n \"a\": [ 1, 2 ] }".getBytes(StandardCharsets.UTF_8);
    Subscription sub = Subscription.builder(SubscriptionId.of("sub_1"), acme, "https://e.com").build();
    Event event = Event.create(EventId.of("evt_1"), acme, "a.b", now, null, null);
    DeliveryTask task = DeliveryTask.first(event, sub, RawJson.ofTrustedBytes(odd));
    DeliveryTask back = Json.fromBytes(Json.toBytes(task), DeliveryTask.class);
    assertThat(back.payload().bytes()).isEqualTo(odd);
  }

  @Test
  void webhookBodyHasTheContractedShape() {
    // A clock with nanoseconds, as Linux's is: the body keeps milliseconds.
    Event event = Event.create(EventId.of("evt_1"), acme, "order.created",
        now.plusNanos(456_789), Json.raw(Json.mapper().createObjectNode().put("a", 1)), null);
    assertThat(Json.toString(WebhookBody.of(event))).isEqualTo(
        "{\"id\":\"evt_1\",\"type\":\"order.created\",\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"data\":{\"a\":1}}");
  }

  @Test
  void eventsFromDirectProducersMayLeaveOutIdTenantAndTimestamp() {
    Event minimal = Json.fromBytes(
        "{\"type\":\"order.created\",\"data\":{}}".getBytes(StandardCharsets.UTF_8), Event.class);
    assertThat(minimal.v()).isEqualTo(1);
    Event completed = minimal.complete(EventId.of("evt_x"), acme, now);
    assertThat(completed.id()).isEqualTo(EventId.of("evt_x"));
    assertThat(completed.tenant()).isEqualTo(acme);
    assertThat(completed.timestamp()).isEqualTo(now);
  }

  @Test
  void instantsReadInEveryRfc3339FormAndEpochMillis() {
    for (String text : new String[] {"\"2026-11-22T10:15:30.123Z\"", "\"2026-11-22T11:15:30.123+01:00\"",
        "\"2026-11-22T10:15:30.123000000Z\"", "1795342530123"}) {
      Event e = Json.fromBytes(("{\"type\":\"a.b\",\"timestamp\":" + text + "}")
          .getBytes(StandardCharsets.UTF_8), Event.class);
      assertThat(e.timestamp()).as(text).isEqualTo(now);
    }
    assertThatThrownBy(() -> Json.fromBytes("{\"type\":\"a.b\",\"timestamp\":\"yesterday\"}"
        .getBytes(StandardCharsets.UTF_8), Event.class)).isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void eventDataPassesThroughTheRouterAsTheProducersBytes() {
    byte[] produced = "{\"type\":\"a.b\",\"data\":{ \"price\" : 10.50, \"tags\":[ \"x\" ] }}"
        .getBytes(StandardCharsets.UTF_8);
    Event e = Json.fromBytes(produced, Event.class).complete(EventId.of("evt_1"), acme, now);
    assertThat(Json.toString(WebhookBody.of(e))).isEqualTo("{\"id\":\"evt_1\",\"type\":\"a.b\","
        + "\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"data\":{ \"price\" : 10.50, \"tags\":[ \"x\" ] }}");
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() {
    Event e = Json.fromBytes(
        "{\"v\":2,\"type\":\"a.b\",\"data\":{},\"futureField\":true}".getBytes(StandardCharsets.UTF_8),
        Event.class);
    assertThat(e.type()).isEqualTo("a.b");
  }

  @Test
  void deliveryIdsAreStablePerEventAndSubscription() {
    DeliveryId a = DeliveryId.of(acme, EventId.of("evt_1"), SubscriptionId.of("sub_1"));
    assertThat(DeliveryId.of(acme, EventId.of("evt_1"), SubscriptionId.of("sub_1"))).isEqualTo(a);
    assertThat(DeliveryId.of(acme, EventId.of("evt_1"), SubscriptionId.of("sub_2"))).isNotEqualTo(a);
    assertThat(a.value()).startsWith("dlv_").hasSize(30);
  }

  @Test
  void generatedIdsSortByTime() {
    Clock early = Clock.fixed(now, ZoneOffset.UTC);
    Clock late = Clock.fixed(now.plusMillis(1), ZoneOffset.UTC);
    String a = EventId.generate(early).value();
    String b = EventId.generate(late).value();
    assertThat(a).startsWith("evt_").hasSize(30);
    assertThat(a.compareTo(b)).isNegative();
  }

  @Test
  void idsAreValidated() {
    assertThatThrownBy(() -> TenantId.of("Acme Corp")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventId.of("has space")).isInstanceOf(IllegalArgumentException.class);
    assertThat(EventType.isValidName("order.created")).isTrue();
    assertThat(EventType.isValidName("order.*")).isFalse();
    assertThat(EventType.isValidName(".order")).isFalse();
  }

  @Test
  void secretsNeverShowInToString() {
    SigningSecret s = new SigningSecret("whsec_verysecret", now, null);
    Subscription sub = Subscription.builder(SubscriptionId.of("sub_1"), acme, "https://e.com")
        .secrets(List.of(s)).build();
    assertThat(sub.toString()).doesNotContain("verysecret");
  }

  @Test
  void activeSecretsDropExpiredOnes() {
    SigningSecret old = new SigningSecret("whsec_old", now.minusSeconds(100), now.plusSeconds(10));
    SigningSecret primary = new SigningSecret("whsec_new", now, null);
    Subscription sub = Subscription.builder(SubscriptionId.of("sub_1"), acme, "https://e.com")
        .secrets(List.of(primary, old)).build();
    assertThat(sub.activeSecrets(now)).containsExactly(primary, old);
    assertThat(sub.activeSecrets(now.plusSeconds(10))).containsExactly(primary);
  }
}
