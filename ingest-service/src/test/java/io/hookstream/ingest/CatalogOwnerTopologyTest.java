package io.hookstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.ingest.catalog.CatalogOwner;
import io.hookstream.json.Json;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.CommandResult;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.EventType;
import io.hookstream.model.RawJson;
import io.hookstream.model.Ordering;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router as the one writer of the catalog, on the production topology: every change is a
 * command applied to the current state, so concurrent changes computed from the same stale copy
 * all take effect, and decisions drawn from an older state (a 410, auto-disable) touch only the
 * subscription they were drawn from.
 */
class CatalogOwnerTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final SubscriptionId SUB = SubscriptionId.of("sub_a");
  static int ids;

  @TempDir Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<String, CatalogCommand> commands;
  TestInputTopic<String, Event> events;
  TestOutputTopic<String, Subscription> subscriptionsOut;
  TestOutputTopic<String, Tenant> tenantsOut;
  TestOutputTopic<String, EventType> typesOut;
  TestOutputTopic<String, CommandResult> results;
  TestOutputTopic<String, DeliveryTask> deliveries;

  @BeforeEach
  void start() {
    driver = StreamsDrivers.router(stateDir);
    commands = StreamsDrivers.input(driver, Topics.COMMANDS, CatalogCommand.class, T0,
        Duration.ofMillis(1));
    events = StreamsDrivers.input(driver, Topics.EVENTS, Event.class, T0.plusSeconds(10),
        Duration.ofMillis(1));
    subscriptionsOut = StreamsDrivers.output(driver, Topics.SUBSCRIPTIONS, Subscription.class);
    tenantsOut = StreamsDrivers.output(driver, Topics.TENANTS, Tenant.class);
    typesOut = StreamsDrivers.output(driver, Topics.EVENT_TYPES, EventType.class);
    results = StreamsDrivers.output(driver, Topics.COMMAND_RESULTS, CommandResult.class);
    deliveries = StreamsDrivers.output(driver, Topics.DELIVERIES, DeliveryTask.class);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void twoPatchesOfDifferentFieldsFromTheSameCopyBothTakeEffect() {
    Subscription base = created();
    Subscription renamed = base.toBuilder().name("Billing").build();
    Subscription moved = base.toBuilder().url("https://example.com/moved").build();
    send(patch(base, renamed, null));
    send(patch(base, moved, null));

    List<CommandResult> out = results.readValuesToList();
    assertThat(out).extracting(CommandResult::status).containsExactly(200, 200);
    Subscription last = lastSubscription();
    assertThat(last.name()).isEqualTo("Billing");
    assertThat(last.url()).isEqualTo("https://example.com/moved");
    assertThat(last.version()).isEqualTo(3);
  }

  @Test
  void aRotationRacingAPatchKeepsBoth() {
    Subscription base = created();
    send(patch(base, base.toBuilder().name("Renamed").build(), null));
    SigningSecret fresh = new SigningSecret("sealed-new", T0, null);
    ObjectNode args = Json.mapper().createObjectNode();
    args.set("secret", Json.mapper().valueToTree(fresh));
    args.put("graceEnd", T0.plus(Duration.ofHours(24)).toString());
    send(command(CatalogCommand.Kind.ROTATE_SECRET, null, args));

    Subscription last = lastSubscription();
    assertThat(last.name()).isEqualTo("Renamed");
    assertThat(last.secrets()).extracting(SigningSecret::value)
        .containsExactly("sealed-new", "sealed-old");
    assertThat(last.secrets().get(1).expiresAt()).isNotNull();
  }

  @Test
  void ifMatchRefusesAStaleVersionAndChangesNothing() {
    Subscription base = created();
    send(patch(base, base.toBuilder().name("First").build(), 1L));
    send(patch(base, base.toBuilder().name("Second").build(), 1L));

    List<CommandResult> out = results.readValuesToList();
    assertThat(out).extracting(CommandResult::status).containsExactly(200, 412);
    assertThat(out.get(1).code()).isEqualTo("version_mismatch");
    assertThat(lastSubscription().name()).isEqualTo("First");
    assertThat(subscriptionsOut.isEmpty()).isTrue();
  }

  @Test
  void aDisableDrawnFromAnOlderVersionLeavesTheWebhookAlone() {
    Subscription base = created();
    send(patch(base, base.toBuilder().url("https://example.com/fixed").build(), null));
    results.readValuesToList();
    subscriptionsOut.readValuesToList();
    send(disable(1L)); // the 410 came from the old URL

    CommandResult r = results.readValue();
    assertThat(r.status()).isEqualTo(409);
    assertThat(subscriptionsOut.isEmpty()).isTrue();
    send(disable(2L)); // the current version failed
    Subscription off = lastSubscription();
    assertThat(off.enabled()).isFalse();
    assertThat(off.disabledReason()).isEqualTo("the endpoint answered 410 Gone");
    assertThat(off.url()).isEqualTo("https://example.com/fixed");
  }

  @Test
  void aHaltStopsAFifoWebhookUntilOneResumeLiftsIt() {
    Subscription base = created();
    send(command(CatalogCommand.Kind.RESUME_SUBSCRIPTION, null, null));
    CommandResult notFifo = results.readValue();
    assertThat(notFifo.status()).isEqualTo(409);
    assertThat(notFifo.code()).isEqualTo("not_fifo");
    assertThat(subscriptionsOut.isEmpty()).isTrue();

    send(patch(base, base.toBuilder().ordering(Ordering.FIFO).build(), null));
    send(command(CatalogCommand.Kind.HALT_SUBSCRIPTION, null, Json.mapper().createObjectNode()
        .put("reason", "delivery d1 (sequence 4) failed for good: HTTP 500")));
    send(command(CatalogCommand.Kind.HALT_SUBSCRIPTION, null, Json.mapper().createObjectNode()
        .put("reason", "a second halt changes nothing")));
    assertThat(results.readValuesToList()).extracting(CommandResult::status)
        .containsExactly(200, 200, 200);
    Subscription halted = lastSubscription();
    assertThat(halted.version()).isEqualTo(3);
    assertThat(halted.haltedAt()).isEqualTo(T0);
    assertThat(halted.haltedReason()).isEqualTo("delivery d1 (sequence 4) failed for good: HTTP 500");

    send(command(CatalogCommand.Kind.RESUME_SUBSCRIPTION, 2L, null));
    assertThat(results.readValue().status()).isEqualTo(412);
    send(command(CatalogCommand.Kind.RESUME_SUBSCRIPTION, 3L, null));
    send(command(CatalogCommand.Kind.RESUME_SUBSCRIPTION, null, null));
    assertThat(results.readValuesToList()).extracting(CommandResult::status)
        .containsExactly(200, 200);
    List<Subscription> written = subscriptionsOut.readValuesToList();
    assertThat(written).hasSize(1);
    assertThat(written.get(0).halted()).isFalse();
    assertThat(written.get(0).haltedReason()).isNull();
    assertThat(written.get(0).fifo()).isTrue();
    assertThat(written.get(0).version()).isEqualTo(4);
  }

  /**
   * Enabling a disabled webhook tells its tenant once; operational events about a webhook go to
   * the tenant's other webhooks that want them, never to that webhook itself.
   */
  @Test
  void aReEnabledWebhookIsAnnouncedOnceAndNeverToItself() {
    Subscription base = created();
    send(patch(base, base.toBuilder().events(List.of("order.*", "hookstream.*")).build(), null));
    SubscriptionId watch = SubscriptionId.of("sub_watch");
    Subscription watcher = Subscription.builder(watch, ACME, "https://example.com/ops")
        .events(List.of("hookstream.*")).createdAt(T0).updatedAt(T0).build();
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.CREATE_SUBSCRIPTION, ACME, watch, null,
        null, Json.mapper().valueToTree(watcher), T0));
    TestOutputTopic<String, Event> announced = StreamsDrivers.output(driver, Topics.EVENTS,
        Event.class);
    send(disable(2L));
    List<Event> disabled = announced.readValuesToList();
    assertThat(disabled).extracting(Event::type).containsExactly("hookstream.endpoint.disabled");
    assertThat(deliveries.readRecordsToList()).extracting(TestRecord::key)
        .containsExactly("sub_watch");

    Subscription off = lastSubscriptionOf(SUB);
    send(patch(off, off.toBuilder().enabled(true).build(), null));
    send(patch(off, off.toBuilder().enabled(true).name("again").build(), null)); // still enabled
    List<Event> enabled = announced.readValuesToList();
    assertThat(enabled).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("hookstream.endpoint.enabled");
      assertThat(e.id().value()).isEqualTo("evt_enabled_sub_a_4");
      assertThat(Json.toString(e.data())).contains("\"subscriptionId\":\"sub_a\"")
          .contains("\"version\":4");
    });
    assertThat(deliveries.readRecordsToList()).extracting(TestRecord::key)
        .containsExactly("sub_watch");
  }

  Subscription lastSubscriptionOf(SubscriptionId id) {
    List<Subscription> all = subscriptionsOut.readValuesToList().stream()
        .filter(x -> x != null && x.id().equals(id)).toList();
    return all.get(all.size() - 1);
  }

  @Test
  void aDeletedWebhookIsNotRevivedByALateDisable() {
    created();
    send(command(CatalogCommand.Kind.DELETE_SUBSCRIPTION, null, null));
    assertThat(results.readValue().status()).isEqualTo(204);
    TestRecord<String, Subscription> tombstone = subscriptionsOut.readRecord();
    assertThat(tombstone.value()).isNull();
    send(disable(1L));
    assertThat(results.readValue().status()).isEqualTo(404);
    assertThat(subscriptionsOut.isEmpty()).isTrue();
    events.pipeInput(ACME.value(), Event.create(EventId.of("evt_after"), ACME, "order.created",
        T0, RawJson.ofTrustedBytes("{}".getBytes()), null));
    assertThat(deliveries.isEmpty()).isTrue();
  }

  @Test
  void aChangeIsRoutedFromTheNextEventOnAndItsOwnRecordIsNotAppliedTwice() {
    Subscription base = created();
    send(patch(base, base.toBuilder().events(List.of("invoice.*")).build(), null));
    Subscription written = lastSubscription();
    // The router reads its own write back: marked as its own, it is not applied again, so an
    // older copy arriving late cannot roll the state back.
    driver.createInputTopic(Topics.SUBSCRIPTIONS, new org.apache.kafka.common.serialization
        .StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput(new TestRecord<>(base.topicKey(), Json.toBytes(base), new RecordHeaders()
            .add(Topics.ORIGIN_HEADER, Topics.ORIGIN_SYSTEM.getBytes(StandardCharsets.US_ASCII)),
            T0.plusSeconds(5)));
    events.pipeInput(ACME.value(), Event.create(EventId.of("evt_1"), ACME, "order.created", T0,
        RawJson.ofTrustedBytes("{}".getBytes()), null));
    assertThat(deliveries.isEmpty()).as("the webhook moved to invoice.*").isTrue();
    events.pipeInput(ACME.value(), Event.create(EventId.of("evt_2"), ACME, "invoice.paid", T0,
        RawJson.ofTrustedBytes("{}".getBytes()), null));
    assertThat(deliveries.readValue().subscription().version()).isEqualTo(written.version());
  }

  @Test
  void tenantsAndEventTypesHaveOneWriterToo() {
    Tenant acme = Tenant.create(ACME, "Acme", "hash-1", T0);
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.CREATE_TENANT, ACME, null, null, null,
        Json.mapper().valueToTree(acme), T0));
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.CREATE_TENANT, ACME, null, null, null,
        Json.mapper().valueToTree(acme), T0));
    Tenant named = acme.withSettings(new Tenant.Settings("Acme Corp", null, null, null, null, null),
        T0);
    Tenant keyed = acme.withApiKeyHash("hash-2", T0);
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.PATCH_TENANT, ACME, null, null, null,
        CatalogOwner.diff(acme, named, f -> f.equals("updatedAt")), T0));
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.PATCH_TENANT, ACME, null, null, null,
        CatalogOwner.diff(acme, keyed, f -> f.equals("updatedAt")), T0));
    assertThat(results.readValuesToList()).extracting(CommandResult::status)
        .containsExactly(201, 409, 200, 200);
    List<Tenant> written = tenantsOut.readValuesToList();
    Tenant last = written.get(written.size() - 1);
    assertThat(last.name()).isEqualTo("Acme Corp");
    assertThat(last.apiKeyHash()).isEqualTo("hash-2");
    assertThat(last.version()).isEqualTo(3);

    EventType type = EventType.create("order.created", "Order", null, null, null, T0);
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.CREATE_EVENT_TYPE, null, null,
        type.name(), null, Json.mapper().valueToTree(type), T0));
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.DELETE_EVENT_TYPE, null, null,
        type.name(), null, null, T0));
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.PATCH_EVENT_TYPE, null, null,
        type.name(), null, Json.mapper().createObjectNode().put("title", "x"), T0));
    assertThat(results.readValuesToList()).extracting(CommandResult::status)
        .containsExactly(201, 204, 404);
    List<TestRecord<String, EventType>> types = typesOut.readRecordsToList();
    assertThat(types).hasSize(2);
    assertThat(types.get(1).value()).isNull();
  }

  @Test
  void hookstreamsOwnEventTypesAreRoutedOnlyWhenTheRouterWroteThem() {
    Subscription watcher = Subscription.builder(SubscriptionId.of("sub_ops"), ACME,
        "https://example.com/ops").events(List.of("hookstream.*")).build();
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.CREATE_SUBSCRIPTION, ACME,
        watcher.id(), null, null, Json.mapper().valueToTree(watcher), T0));
    Event forged = Event.create(EventId.of("evt_forged"), ACME, "hookstream.endpoint.disabled",
        T0, RawJson.ofTrustedBytes("{\"subscriptionId\":\"sub_ops\"}".getBytes()), null);
    events.pipeInput(ACME.value(), forged);
    assertThat(deliveries.isEmpty()).isTrue();
    events.pipeInput(new TestRecord<>(ACME.value(), Event.create(EventId.of("evt_real"), ACME,
        "hookstream.endpoint.disabled", T0, RawJson.ofTrustedBytes("{}".getBytes()), null),
        new RecordHeaders().add(Topics.ORIGIN_HEADER,
            Topics.ORIGIN_SYSTEM.getBytes(StandardCharsets.US_ASCII)), T0.plusSeconds(20)));
    assertThat(deliveries.readValue().eventId().value()).isEqualTo("evt_real");
  }

  Subscription created() {
    Subscription sub = Subscription.builder(SUB, ACME, "https://example.com/a")
        .events(List.of("order.*")).name("A")
        .secrets(List.of(new SigningSecret("sealed-old", T0, null))).createdAt(T0).updatedAt(T0)
        .build();
    send(new CatalogCommand(1, id(), CatalogCommand.Kind.CREATE_SUBSCRIPTION, ACME, SUB, null,
        null, Json.mapper().valueToTree(sub), T0));
    CommandResult r = results.readValue();
    assertThat(r.status()).isEqualTo(201);
    Subscription written = subscriptionsOut.readValue();
    assertThat(written.version()).isEqualTo(1);
    return written;
  }

  CatalogCommand patch(Subscription before, Subscription after, Long ifVersion) {
    return command(CatalogCommand.Kind.PATCH_SUBSCRIPTION, ifVersion, CatalogOwner.diff(before,
        after, f -> f.equals("version") || f.equals("updatedAt")));
  }

  CatalogCommand disable(Long ifVersion) {
    return command(CatalogCommand.Kind.DISABLE_SUBSCRIPTION, ifVersion,
        Json.mapper().createObjectNode().put("reason", "the endpoint answered 410 Gone"));
  }

  static CatalogCommand command(CatalogCommand.Kind kind, Long ifVersion, JsonNode payload) {
    return new CatalogCommand(1, id(), kind, ACME, SUB, null, ifVersion, payload, T0);
  }

  void send(CatalogCommand c) {
    commands.pipeInput(c.topicKey(), c);
  }

  Subscription lastSubscription() {
    List<Subscription> all = subscriptionsOut.readValuesToList();
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  static String id() {
    return "cmd_" + (++ids);
  }
}
