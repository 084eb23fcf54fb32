package io.hookstream.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.json.JsonSerde;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.EventId;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.topics.Topics;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The views are at-least-once: after a crash they read again what they read since their last
 * commit. Endpoint health applies each attempt record once all the same, so a streak is never
 * counted twice and auto-disable never comes early.
 */
class HealthProcessorTest {
  static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final SubscriptionId SUB = SubscriptionId.of("sub_a");

  MockProcessorContext<String, byte[]> context;
  KeyValueStore<String, HealthRecord> store;
  HealthProcessor processor;

  @BeforeEach
  void start() {
    context = new MockProcessorContext<>();
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HealthProcessor.STORE),
        Serdes.String(), JsonSerde.of(HealthRecord.class)).withLoggingDisabled().build();
    KeyValueStore<String, Tenant> tenants = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(HealthProcessor.TENANTS), Serdes.String(),
        JsonSerde.of(Tenant.class)).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    tenants.init(context.getStateStoreContext(), tenants);
    context.addStateStore(store);
    context.addStateStore(tenants);
    processor = new HealthProcessor();
    processor.init(context);
  }

  @Test
  void recordsReadAgainAfterACrashAreNotCountedTwice() {
    for (int i = 0; i < 4; i++) {
      failedDelivery(i);
    }
    // the crash: the views resume from their last commit, at offset 1
    for (int i = 1; i < 4; i++) {
      failedDelivery(i);
    }
    assertThat(store.get(SUB.value()).health().consecutiveFailedDeliveries()).isEqualTo(4);
    assertThat(forwarded(HealthProcessor.COMMANDS_SINK)).as("no disable: 4 of the default 5")
        .isEmpty();
    // the failing streak was announced once, at its third failed attempt, not again on re-reads
    assertThat(forwarded(HealthProcessor.EVENTS_SINK)).hasSize(1);
    failedDelivery(4);
    assertThat(forwarded(HealthProcessor.COMMANDS_SINK)).hasSize(1);
    failedDelivery(4);
    assertThat(forwarded(HealthProcessor.COMMANDS_SINK)).as("decided once").hasSize(1);
    assertThat(forwarded(HealthProcessor.EVENTS_SINK)).hasSize(1);
  }

  java.util.List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>>
      forwarded(String sink) {
    return context.forwarded().stream()
        .filter(f -> f.childName().map(sink::equals).orElse(false)).toList();
  }

  void failedDelivery(long offset) {
    context.setRecordMetadata(Topics.ATTEMPTS, 3, offset);
    Instant at = T0.plusSeconds(offset);
    processor.process(new Record<>(SUB.value(), new DeliveryAttempt(1,
        DeliveryId.of(ACME, EventId.of("evt_" + offset), SUB), ACME, SUB,
        EventId.of("evt_" + offset), "order.created", 4, at, 10, 500, null, null,
        AttemptOutcome.DEAD_LETTERED, null, null, null, null, 1L, null), at.toEpochMilli()));
  }
}
