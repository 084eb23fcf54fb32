package io.hookstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.ingest.deliverylog.DeliveryLogProcessor;
import io.hookstream.ingest.deliverylog.LogKeys;
import io.hookstream.ingest.events.EventLookupProcessor;
import io.hookstream.ingest.health.HealthProcessor;
import io.hookstream.ingest.health.HealthRecord;
import io.hookstream.model.CatalogCommand;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views (delivery log, endpoint health, event lookup) on TopologyTestDriver with the
 * production configuration; auto-disable through the router's driver beside it.
 */
class ViewsTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final SubscriptionId SUB = SubscriptionId.of("sub_a");

  @TempDir Path stateDir;
  @TempDir Path routerDir;
  TopologyTestDriver driver;
  TopologyTestDriver router;
  TestInputTopic<String, DeliveryAttempt> attempts;
  TestInputTopic<String, Tenant> tenants;
  TestInputTopic<String, byte[]> events;
  TestOutputTopic<String, CatalogCommand> commands;

  @BeforeEach
  void start() {
    driver = StreamsDrivers.views(stateDir);
    router = StreamsDrivers.router(routerDir);
    attempts = StreamsDrivers.input(driver, Topics.ATTEMPTS, DeliveryAttempt.class);
    tenants = StreamsDrivers.input(driver, Topics.TENANTS, Tenant.class);
    events = driver.createInputTopic(Topics.EVENTS, new StringSerializer(),
        new ByteArraySerializer());
    commands = StreamsDrivers.output(driver, Topics.COMMANDS, CatalogCommand.class);
  }

  @AfterEach
  void stop() {
    driver.close();
    router.close();
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
  void anAttemptReadAgainIsLoggedOnce() {
    DeliveryAttempt a = attempt("evt_1", 1, T0, 500, AttemptOutcome.RETRY_SCHEDULED);
    attempts.pipeInput(SUB.value(), a, T0);
    assertThat(log()).singleElement().satisfies(e -> {
      assertThat(e.attemptCount()).isEqualTo(1);
      assertThat(e.attempts()).hasSize(1);
    });
  }

  /**
   * The views decide, the router applies: three failed deliveries breach the tenant's policy, the
   * views ask the catalog's owner to disable the subscription at the version the attempts were
   * made for, and the owner disables it once and announces it to the tenant's watcher.
   */
  @Test
  void consecutiveFailedDeliveriesDisableTheSubscriptionAndAnnounceIt() {
    Subscription sub = Subscription.builder(SUB, ACME, "https://example.com/a")
        .events(List.of("order.*")).createdAt(T0).updatedAt(T0).version(1).build();
    Subscription watcher = Subscription.builder(SubscriptionId.of("sub_watch"), ACME,
            "https://example.com/ops").events(List.of(SystemEventTypes.ENDPOINT_DISABLED))
        .createdAt(T0).updatedAt(T0).build();
    TestInputTopic<String, Subscription> routerSubs =
        StreamsDrivers.input(router, Topics.SUBSCRIPTIONS, Subscription.class);
    routerSubs.pipeInput(sub.topicKey(), sub, T0);
    routerSubs.pipeInput(watcher.topicKey(), watcher, T0);
    tenants.pipeInput("acme", Tenant.create(ACME, "Acme", null, T0)
        .withSettings(new Tenant.Settings("Acme", new AutoDisablePolicy(3, null, null), null, null,
            null, null), T0), T0);

    attempt("evt_1", 1, T0.plusSeconds(1), 500, AttemptOutcome.DEAD_LETTERED);
    attempt("evt_2", 1, T0.plusSeconds(2), 500, AttemptOutcome.RETRY_SCHEDULED);
    attempt("evt_3", 1, T0.plusSeconds(3), 500, AttemptOutcome.DEAD_LETTERED);
    assertThat(commands.isEmpty()).isTrue();
    attempt("evt_4", 1, T0.plusSeconds(4), 410, AttemptOutcome.GONE);

    CatalogCommand disable = commands.readValue();
    assertThat(disable.kind()).isEqualTo(CatalogCommand.Kind.DISABLE_SUBSCRIPTION);
    assertThat(disable.ifVersion()).isEqualTo(1L);
    assertThat(disable.payload().get("reason").asText())
        .isEqualTo("auto-disabled after 3 consecutive failed deliveries");
    assertThat(commands.isEmpty()).isTrue();

    // the owner applies it, announces it, and a repeat of the command changes nothing
    TestInputTopic<String, CatalogCommand> routerCommands =
        StreamsDrivers.input(router, Topics.COMMANDS, CatalogCommand.class);
    TestOutputTopic<String, Subscription> written =
        StreamsDrivers.output(router, Topics.SUBSCRIPTIONS, Subscription.class);
    TestOutputTopic<String, Event> announced =
        StreamsDrivers.output(router, Topics.EVENTS, Event.class);
    routerCommands.pipeInput(disable.topicKey(), disable, T0.plusSeconds(4));
    routerCommands.pipeInput(disable.topicKey(), disable, T0.plusSeconds(4));
    Subscription off = written.readValue();
    assertThat(off.enabled()).isFalse();
    assertThat(off.disabledReason()).isEqualTo("auto-disabled after 3 consecutive failed deliveries");
    assertThat(written.isEmpty()).isTrue();
    TestRecord<String, Event> notice = announced.readRecord();
    assertThat(announced.isEmpty()).isTrue();
    assertThat(notice.value().type()).isEqualTo(SystemEventTypes.ENDPOINT_DISABLED);
    assertThat(Json.toString(notice.value().data())).contains("\"subscriptionId\":\"sub_a\"")
        .contains("\"consecutiveFailedDeliveries\":3")
        .contains("\"failingSince\":\"" + T0.plusSeconds(1) + "\"");
    // read back by the router (the driver feeds its own output topics back, as Kafka would):
    // routed to the watcher only
    assertThat(StreamsDrivers.output(router, Topics.DELIVERIES, DeliveryTask.class)
        .readRecordsToList()).extracting(TestRecord::key).containsExactly("sub_watch");

    EndpointHealth health = health();
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
    assertThat(commands.isEmpty()).isTrue();
    EndpointHealth health = health();
    assertThat(health.consecutiveFailedDeliveries()).isEqualTo(4);
    assertThat(health.failingSince()).isEqualTo(T0.plusSeconds(6));
    assertThat(health.lastSuccessAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(health.successRate(T0.plusSeconds(10))).isEqualTo(1.0 / 9);
    attempt("evt_10", 1, T0.plusSeconds(10), 500, AttemptOutcome.DEAD_LETTERED);
    assertThat(commands.readValue().kind()).isEqualTo(CatalogCommand.Kind.DISABLE_SUBSCRIPTION);
  }

  /**
   * An endpoint failing three attempts in a row is announced once for that streak, however many
   * more failures follow; the first success announces its recovery, once. (An attempt read again
   * after a crash changes no health at all: anAttemptReadAgain… and HealthRecord.)
   */
  @Test
  void aFailingStreakIsAnnouncedOnceAndItsEndOnce() {
    TestOutputTopic<String, Event> announced = StreamsDrivers.output(driver, Topics.EVENTS,
        Event.class);
    attempt("evt_1", 1, T0, 500, AttemptOutcome.RETRY_SCHEDULED);
    attempt("evt_1", 2, T0.plusSeconds(1), 500, AttemptOutcome.RETRY_SCHEDULED);
    assertThat(announced.isEmpty()).isTrue();
    attempt("evt_1", 3, T0.plusSeconds(2), 502, AttemptOutcome.RETRY_SCHEDULED);
    attempt("evt_2", 1, T0.plusSeconds(3), 500, AttemptOutcome.RETRY_SCHEDULED); // same streak
    List<Event> failing = announced.readValuesToList();
    assertThat(failing).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("hookstream.endpoint.failing");
      assertThat(e.id().value()).isEqualTo("evt_failing_sub_a_" + T0.toEpochMilli());
      assertThat(new String(e.data().bytes())).isEqualTo("{\"subscriptionId\":\"sub_a\","
          + "\"failingSince\":\"" + T0 + "\",\"consecutiveFailedAttempts\":3,"
          + "\"lastStatus\":502,\"lastError\":null,\"at\":\"" + T0.plusSeconds(2) + "\"}");
    });

    attempt("evt_2", 2, T0.plusSeconds(9), 200, AttemptOutcome.DELIVERED);
    attempt("evt_3", 1, T0.plusSeconds(10), 200, AttemptOutcome.DELIVERED);
    assertThat(announced.readValuesToList()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("hookstream.endpoint.recovered");
      assertThat(e.id().value()).isEqualTo("evt_recovered_sub_a_" + T0.toEpochMilli());
      assertThat(new String(e.data().bytes())).contains("\"failedAttempts\":4");
    });
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

  /**
   * Every event by tenant and id, completed as the router completes it: the first with an id
   * wins, an event without one gets its record's position, and a forged system event is not kept.
   */
  @Test
  void theEventLookupKeepsEachEventAsTheRouterRoutesIt() {
    events.pipeInput("acme", ("{\"id\":\"o-1\",\"type\":\"order.created\",\"data\":"
        + "{\"total\": 1.50}}").getBytes(StandardCharsets.UTF_8), T0);
    events.pipeInput("acme", ("{\"id\":\"o-1\",\"type\":\"order.created\",\"data\":"
        + "{\"total\":2}}").getBytes(StandardCharsets.UTF_8), T0.plusSeconds(1));
    events.pipeInput("acme", "{\"type\":\"order.created\",\"data\":{}}"
        .getBytes(StandardCharsets.UTF_8), T0.plusSeconds(2));
    events.pipeInput("acme", ("{\"id\":\"forged\",\"type\":\"hookstream.endpoint.disabled\","
        + "\"data\":{}}").getBytes(StandardCharsets.UTF_8), T0.plusSeconds(3));

    Event first = lookup("acme/o-1");
    assertThat(first.tenant()).isEqualTo(ACME);
    assertThat(first.timestamp()).isEqualTo(T0);
    assertThat(new String(first.data().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"total\":1.5}");
    assertThat(lookup("acme/evt_k0_2")).isNotNull();
    assertThat(lookup("acme/forged")).isNull();
  }

  Event lookup(String key) {
    try (WindowStoreIterator<byte[]> it = driver.<String, byte[]>getWindowStore(
        EventLookupProcessor.STORE).fetch(key, Instant.EPOCH, T0.plus(Duration.ofDays(1)))) {
      return it.hasNext() ? Json.fromBytes(it.next().value, Event.class) : null;
    }
  }

  DeliveryAttempt attempt(String event, int n, Instant at, Integer status,
      AttemptOutcome outcome) {
    DeliveryAttempt a = new DeliveryAttempt(1, DeliveryId.of(ACME, EventId.of(event), SUB), ACME,
        SUB, EventId.of(event), "order.created", n, at, 12, status,
        status == null ? "timeout" : null, "body of attempt " + n, outcome, null, null, null, null,
        1L, null);
    attempts.pipeInput(SUB.value(), a, at);
    return a;
  }

  EndpointHealth health() {
    HealthRecord stored = this.<HealthRecord>store(HealthProcessor.STORE, HealthRecord.class)
        .get(SUB.value());
    return stored.health();
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
