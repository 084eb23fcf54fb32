package io.hookstream.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import io.hookstream.json.JsonSerde;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.CommandResult;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.EventType;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicView;
import io.hookstream.model.FifoState;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookstream's configuration — tenants, the event catalog, subscriptions — as compacted topics,
 * read through in-memory views, and changed only through commands to their one owner (the router
 * task of each key; see {@code CatalogOwner}). A change returns the entity as its owner left it,
 * once this instance's view holds it too (so a read right after sees it), or throws
 * {@link CommandRefused}.
 */
public final class Catalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Catalog.class);
  private static final Duration VIEW_WAIT = Duration.ofSeconds(5);
  private static final java.util.function.Function<String, Boolean> STAMPED =
      f -> f.equals("version") || f.equals("updatedAt") || f.equals("createdAt");

  private final TopicView<Tenant> tenants;
  private final TopicView<EventType> eventTypes;
  private final TopicView<Subscription> subscriptions;
  /** Where FIFO endpoints stand, as their dispatchers write it: answered with the webhook. */
  private final TopicView<FifoState> fifoStates;
  private final CatalogCommands commands;
  private final Clock clock;

  public Catalog(KafkaSettings kafka, Clock clock) {
    this.tenants = new TopicView<>(kafka, Topics.TENANTS, JsonSerde.of(Tenant.class));
    this.eventTypes = new TopicView<>(kafka, Topics.EVENT_TYPES, JsonSerde.of(EventType.class));
    this.subscriptions =
        new TopicView<>(kafka, Topics.SUBSCRIPTIONS, JsonSerde.of(Subscription.class));
    this.fifoStates = new TopicView<>(kafka, Topics.FIFO_STATE, JsonSerde.of(FifoState.class));
    this.commands = new CatalogCommands(kafka);
    this.clock = clock;
  }

  public void start() {
    tenants.start();
    eventTypes.start();
    subscriptions.start();
    fifoStates.start();
    commands.start();
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return tenants.awaitCaughtUp(timeout) && eventTypes.awaitCaughtUp(timeout)
        && subscriptions.awaitCaughtUp(timeout);
  }

  /** Every tenant's subscriptions, for gauges. */
  public java.util.Collection<Subscription> allSubscriptions() {
    return subscriptions.values();
  }

  public boolean caughtUp() {
    return tenants.caughtUp() && eventTypes.caughtUp() && subscriptions.caughtUp()
        && commands.ready();
  }

  // ---- reads -----------------------------------------------------------------------------------

  public Optional<Tenant> tenant(TenantId id) {
    return tenants.get(id.value());
  }

  /** The tenant whose API key has this SHA-256 (hex). */
  /** Every tenant, in id order. */
  public List<Tenant> tenants() {
    return List.copyOf(tenants.values());
  }

  public Optional<Tenant> tenantByKeyHash(String keyHash) {
    return tenants.values().stream().filter(t -> keyHash.equals(t.apiKeyHash())).findFirst();
  }

  public Optional<EventType> eventType(String name) {
    return eventTypes.get(name);
  }

  /** The catalog in name order. */
  public List<EventType> eventTypes() {
    return new ArrayList<>(eventTypes.values());
  }

  public Optional<Subscription> subscription(TenantId tenant, SubscriptionId id) {
    return subscriptions.get(Subscription.topicKey(tenant, id));
  }

  /** Where a FIFO endpoint stands, once its dispatcher has written it. */
  public Optional<FifoState> fifoState(SubscriptionId id) {
    return fifoStates.get(id.value());
  }

  /** A tenant's subscriptions in id order (ids sort by creation time). */
  public List<Subscription> subscriptions(TenantId tenant) {
    return new ArrayList<>(subscriptions.valuesWithPrefix(tenant.value() + '/'));
  }

  // ---- changes ---------------------------------------------------------------------------------

  public Tenant createTenant(Tenant tenant) {
    return tenantResult(send(CatalogCommand.Kind.CREATE_TENANT, tenant.id(), null, null, null,
        Json.mapper().valueToTree(tenant)));
  }

  /** Applies the fields that differ between {@code before} and {@code after}. */
  public Tenant changeTenant(Tenant before, Tenant after, Long ifVersion) {
    return tenantResult(send(CatalogCommand.Kind.PATCH_TENANT, before.id(), null, null,
        ifVersion, CatalogOwner.diff(before, after, STAMPED)));
  }

  public EventType createEventType(EventType type) {
    return typeResult(type.name(), send(CatalogCommand.Kind.CREATE_EVENT_TYPE, null, null,
        type.name(), null, Json.mapper().valueToTree(type)));
  }

  /** Creates or replaces: for Hookstream's own types. */
  public EventType upsertEventType(EventType type) {
    return typeResult(type.name(), send(CatalogCommand.Kind.UPSERT_EVENT_TYPE, null, null,
        type.name(), null, Json.mapper().valueToTree(type)));
  }

  public EventType changeEventType(EventType before, EventType after, Long ifVersion) {
    return typeResult(before.name(), send(CatalogCommand.Kind.PATCH_EVENT_TYPE, null, null,
        before.name(), ifVersion, CatalogOwner.diff(before, after, STAMPED)));
  }

  public void deleteEventType(String name, Long ifVersion) {
    CommandResult r = send(CatalogCommand.Kind.DELETE_EVENT_TYPE, null, null, name, ifVersion,
        null);
    await(eventTypes, name, r, v -> v.isEmpty());
  }

  public Subscription createSubscription(Subscription sub) {
    return subscriptionResult(sub.topicKey(), send(CatalogCommand.Kind.CREATE_SUBSCRIPTION,
        sub.tenant(), sub.id(), null, null, Json.mapper().valueToTree(sub)));
  }

  public Subscription changeSubscription(Subscription before, Subscription after,
      Long ifVersion) {
    return subscriptionResult(before.topicKey(), send(CatalogCommand.Kind.PATCH_SUBSCRIPTION,
        before.tenant(), before.id(), null, ifVersion, CatalogOwner.diff(before, after, STAMPED)));
  }

  /** A new primary secret (sealed); the secrets active then keep signing until {@code graceEnd}. */
  public Subscription rotateSecret(Subscription current, SigningSecret primary, Instant graceEnd,
      Long ifVersion) {
    ObjectNode args = Json.mapper().createObjectNode();
    args.set("secret", Json.mapper().valueToTree(primary));
    args.put("graceEnd", graceEnd.toString());
    return subscriptionResult(current.topicKey(), send(CatalogCommand.Kind.ROTATE_SECRET,
        current.tenant(), current.id(), null, ifVersion, args));
  }

  /** A halted FIFO endpoint takes up its head again, on a fresh schedule. */
  public Subscription resume(Subscription current, Long ifVersion) {
    return subscriptionResult(current.topicKey(), send(CatalogCommand.Kind.RESUME_SUBSCRIPTION,
        current.tenant(), current.id(), null, ifVersion, null));
  }

  public void deleteSubscription(TenantId tenant, SubscriptionId id, Long ifVersion) {
    CommandResult r = send(CatalogCommand.Kind.DELETE_SUBSCRIPTION, tenant, id, null, ifVersion,
        null);
    await(subscriptions, Subscription.topicKey(tenant, id), r, v -> v.isEmpty());
  }

  private CommandResult send(CatalogCommand.Kind kind, TenantId tenant, SubscriptionId sub,
      String type, Long ifVersion, JsonNode payload) {
    CommandResult r = commands.submit(new CatalogCommand(CatalogCommand.VERSION,
        "cmd_" + java.util.UUID.randomUUID(), kind, tenant, sub, type, ifVersion, payload,
        clock.instant()));
    if (!r.ok()) {
      throw new CommandRefused(r.status(), r.code(), r.message());
    }
    return r;
  }

  private Tenant tenantResult(CommandResult r) {
    Tenant t = Json.mapper().convertValue(r.entity(), Tenant.class);
    await(tenants, t.id().value(), r, v -> v.map(x -> x.version() >= t.version()).orElse(false));
    return t;
  }

  private EventType typeResult(String name, CommandResult r) {
    EventType t = Json.mapper().convertValue(r.entity(), EventType.class);
    await(eventTypes, name, r, v -> v.map(x -> x.version() >= t.version()).orElse(false));
    return t;
  }

  private Subscription subscriptionResult(String key, CommandResult r) {
    Subscription s = Json.mapper().convertValue(r.entity(), Subscription.class);
    await(subscriptions, key, r, v -> v.map(x -> x.version() >= s.version()).orElse(false));
    return s;
  }

  /** Read-your-writes: waits (briefly) until this instance's view shows the owner's result. */
  private static <V> void await(TopicView<V> view, String key, CommandResult r,
      java.util.function.Predicate<Optional<V>> shows) {
    try {
      if (!view.awaitValue(key, shows, VIEW_WAIT)) {
        log.warn("the view has not shown the result of {} within {}", r.id(), VIEW_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    commands.close();
    fifoStates.close();
    subscriptions.close();
    eventTypes.close();
    tenants.close();
  }
}
