package io.hookstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.ingest.deliverylog.DeliveryLogProcessor;
import io.hookstream.ingest.deliverylog.LogKeys;
import io.hookstream.ingest.health.HealthProcessor;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryLogEntry;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EndpointHealth;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery log and endpoint health on TopologyTestDriver with the production configuration. */
class DeliveryLogTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final SubscriptionId SUB = SubscriptionId.of("sub_a");

  @TempDir Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<String, DeliveryAttempt> attempts;
  TestInputTopic<String, Subscription> subscriptions;
  TestInputTopic<String, Tenant> tenants;
  TestOutputTopic<String, Event> events;
  TestOutputTopic<String, Subscription> subscriptionChanges;
  TestOutputTopic<String, DeliveryTask> deliveries;

  @BeforeEach
  void start() {
    driver = RouterDriver.start(stateDir);
    attempts = RouterDriver.input(driver, Topics.ATTEMPTS, DeliveryAttempt.class);
    subscriptions = RouterDriver.input(driver, Topics.SUBSCRIPTIONS, Subscription.class);
    tenants = RouterDriver.input(driver, Topics.TENANTS, Tenant.class);
    events = RouterDriver.output(driver, Topics.EVENTS, Event.class);
    subscriptionChanges = RouterDriver.output(driver, Topics.SUBSCRIPTIONS, Subscription.class);
    deliveries = RouterDriver.output(driver, Topics.DELIVERIES, DeliveryTask.class);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void logsEachDeliveryWithItsAttemptsAndStatusNewestFirst() {
    attempt("evt_1", 1, T0, 500, AttemptOutcome.RETRY_SCHEDULED);
    attempt("evt_2", 1, T0.plusSeconds(1), 200, AttemptOutcome.DELIVERED);
    attempt("evt_1", 2, T0.plusSeconds(5), 503, AttemptOutcome.RETRY_SCHEDULED);
    attempt("evt_3", 1, T0.plusSeconds(6), null, AttemptOutcome.DEAD_LETTERED);
    attempt("evt_1", 3, T0.plusSeconds(10), 200, AttemptOutcome.DELIVERED);

    List<DeliveryLogEntry> log = log();
    assertThat(log).extracting(e -> e.eventId().value()).containsExactly("evt_3", "evt_2", "evt_1");
    DeliveryLogEntry first = log.get(2);
    assertThat(first.status()).isEqualTo(DeliveryLogEntry.Status.SUCCEEDED);
    assertThat(first.attemptCount()).isEqualTo(3);
    assertThat(first.attempts()).extracting(DeliveryLogEntry.Attempt::statusCode)
        .containsExactly(500, 503, 200);
    assertThat(first.attempts().get(0).response()).isEqualTo("body of attempt 1");
    assertThat(log.get(0).status()).isEqualTo(DeliveryLogEntry.Status.FAILED);
    assertThat(Json.toString(log.get(0))).contains("\"status\":\"failed\"")
        .contains("\"outcome\":\"dead_lettered\"");
  }

  @Test
  void consecutiveFailedDeliveriesDisableTheSubscriptionAndAnnounceIt() {
    Subscription sub = Subscription.builder(SUB, ACME, "https://example.com/a")
        .events(List.of("order.*")).createdAt(T0).updatedAt(T0).build();
    Subscription watcher = Subscription.builder(SubscriptionId.of("sub_watch"), ACME,
            "https://example.com/ops").events(List.of(SystemEventTypes.ENDPOINT_DISABLED))
        .createdAt(T0).updatedAt(T0).build();
    subscriptions.pipeInput(sub.topicKey(), sub, T0);
    subscriptions.pipeInput(watcher.topicKey(), watcher, T0);
    tenants.pipeInput("acme", Tenant.create(ACME, "Acme", null, T0)
        .withSettings(new Tenant.Settings("Acme", new AutoDisablePolicy(3, null, null), null, null,
            null), T0), T0);

    attempt("evt_1", 1, T0.plusSeconds(1), 500, AttemptOutcome.DEAD_LETTERED);
    attempt("evt_2", 1, T0.plusSeconds(2), 500, AttemptOutcome.RETRY_SCHEDULED);
    attempt("evt_3", 1, T0.plusSeconds(3), 500, AttemptOutcome.DEAD_LETTERED);
    assertThat(events.isEmpty()).isTrue();
    attempt("evt_4", 1, T0.plusSeconds(4), 410, AttemptOutcome.GONE);

    Event disabled = events.readValue();
    assertThat(disabled.type()).isEqualTo(SystemEventTypes.ENDPOINT_DISABLED);
    assertThat(disabled.tenant()).isEqualTo(ACME);
    // the router, fed the event, disables the subscription and tells the watcher
    driver.createInputTopic(Topics.EVENTS, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput("acme", Json.toBytes(disabled), T0.plusSeconds(4));
    Subscription written = subscriptionChanges.readValue();
    assertThat(written.id()).isEqualTo(SUB);
    assertThat(written.enabled()).isFalse();
    assertThat(written.disabledReason()).isEqualTo("auto-disabled after 3 consecutive failed deliveries");
    assertThat(deliveries.readRecordsToList()).extracting(r -> r.key())
        .containsExactly("sub_watch");

    EndpointHealth health = store(HealthProcessor.STORE, EndpointHealth.class).get(SUB.value());
    assertThat(health.consecutiveFailedDeliveries()).isZero();
    assertThat(health.disabledAt()).isEqualTo(T0.plusSeconds(4));
    assertThat(health.lastFailureAt()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void aSuccessEndsTheStreakAndTheDefaultPolicyIsFive() {
    for (int i = 1; i <= 4; i++) {
      attempt("evt_" + i, 1, T0.plusSeconds(i), 500, AttemptOutcome.DEAD_LETTERED);
    }
    attempt("evt_ok", 1, T0.plusSeconds(5), 200, AttemptOutcome.DELIVERED);
    for (int i = 6; i <= 9; i++) {
      attempt("evt_" + i, 1, T0.plusSeconds(i), 500, AttemptOutcome.DEAD_LETTERED);
    }
    assertThat(events.isEmpty()).isTrue();
    EndpointHealth health = store(HealthProcessor.STORE, EndpointHealth.class).get(SUB.value());
    assertThat(health.consecutiveFailedDeliveries()).isEqualTo(4);
    assertThat(health.failingSince()).isEqualTo(T0.plusSeconds(6));
    assertThat(health.lastSuccessAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(health.successRate(T0.plusSeconds(10))).isEqualTo(1.0 / 9);
    attempt("evt_10", 1, T0.plusSeconds(10), 500, AttemptOutcome.DEAD_LETTERED);
    assertThat(events.readValue().type()).isEqualTo(SystemEventTypes.ENDPOINT_DISABLED);
  }

  @Test
  void oldDeliveriesExpireAfterTheRetention() {
    Instant now = Instant.now();
    attempt("evt_old", 1, now.minus(Duration.ofDays(15)), 200, AttemptOutcome.DELIVERED);
    attempt("evt_new", 1, now.minus(Duration.ofDays(1)), 200, AttemptOutcome.DELIVERED);
    driver.advanceWallClockTime(Duration.ofHours(1));
    assertThat(log()).extracting(e -> e.eventId().value()).containsExactly("evt_new");
    assertThat(store(DeliveryLogProcessor.BY_DELIVERY, String.class)
        .get(DeliveryId.of(ACME, EventId.of("evt_old"), SUB).value())).isNull();
    assertThat(store(DeliveryLogProcessor.BY_DELIVERY, String.class)
        .get(DeliveryId.of(ACME, EventId.of("evt_new"), SUB).value())).isNotNull();
  }

  void attempt(String event, int n, Instant at, Integer status, AttemptOutcome outcome) {
    DeliveryAttempt a = new DeliveryAttempt(1, DeliveryId.of(ACME, EventId.of(event), SUB), ACME,
        SUB, EventId.of(event), "order.created", n, at, 12, status,
        status == null ? "timeout" : null, "body of attempt " + n, outcome, null, null, null, null,
        null);
    attempts.pipeInput(SUB.value(), a, at);
  }

  List<DeliveryLogEntry> log() {
    List<DeliveryLogEntry> out = new ArrayList<>();
    try (KeyValueIterator<String, DeliveryLogEntry> it = store(DeliveryLogProcessor.ENTRIES,
        DeliveryLogEntry.class).prefixScan(LogKeys.subscriptionPrefix(SUB), new StringSerializer())) {
      it.forEachRemaining((KeyValue<String, DeliveryLogEntry> kv) -> out.add(kv.value));
    }
    return out;
  }

  <V> KeyValueStore<String, V> store(String name, Class<V> type) {
    return driver.getKeyValueStore(name);
  }
}
