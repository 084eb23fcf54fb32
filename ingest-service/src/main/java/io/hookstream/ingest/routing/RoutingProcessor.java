package io.hookstream.ingest.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.hookstream.ingest.catalog.CatalogOwner;
import io.hookstream.ingest.events.EventRecords;
import io.hookstream.ingest.health.DisabledNotice;
import io.hookstream.json.Json;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.CommandResult;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EventType;
import io.hookstream.model.Tenant;
import io.hookstream.model.Event;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionFilter;
import io.hookstream.model.SystemEvents;
import io.hookstream.model.WebhookBody;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one processor, fed its three co-partitioned inputs in timestamp order:
 *
 * <ul>
 *   <li>a <b>catalog command</b> is applied by the {@link CatalogOwner} of this task's keys, the
 *       one writer of tenants, event types and subscriptions;
 *   <li>a <b>subscription record</b> not written by the router itself (an older version's, or an
 *       operator's) updates the tenant's subscriptions;
 *   <li>an <b>event</b> is completed, deduplicated, kept (for replay) and fanned out as one
 *       delivery task, keyed by subscription id, per subscription whose patterns and filter select
 *       it, numbered in its subscription's sequence. Disabled subscriptions get their tasks too: the dispatcher records and parks them, so a
 *       replay after re-enabling covers them. The webhook body is serialized once and shared by
 *       all of the event's tasks. Events of Hookstream's own types ({@code hookstream.*}) are
 *       routed only when the router wrote them.
 * </ul>
 */
public final class RoutingProcessor implements Processor<String, byte[], String, byte[]> {
  public static final String SUBSCRIPTIONS_STORE = "subscriptions";
  public static final String EVENTS_STORE = "events";
  public static final String DELIVERIES_SINK = "deliveries";
  public static final String SUBSCRIPTIONS_SINK = "subscription-changes";
  public static final String TENANTS_SINK = "tenant-changes";
  public static final String EVENT_TYPES_SINK = "event-type-changes";
  public static final String RESULTS_SINK = "command-results";
  /** Hookstream's own events (an endpoint disabled), written back to the events topic. */
  public static final String EVENTS_SINK = "system-events";
  public static final String OWNED_TENANTS = "owned-tenants";
  /** Each subscription's delivery counter. */
  public static final String SEQUENCES = Sequences.STORE;
  public static final String OWNED_EVENT_TYPES = "owned-event-types";
  public static final String EVENT_TYPES = "event-types";
  /** The global copy of the tenants, for the owner's checks. */
  public static final String TENANTS = "tenants";
  private static final byte[] SEEN = new byte[0];
  private static final Logger log = LoggerFactory.getLogger(RoutingProcessor.class);

  private final Duration dedupeWindow;
  private ProcessorContext<String, byte[]> context;
  private TenantSubscriptions subscriptions;
  private WindowStore<String, byte[]> events;
  private Sequences sequences;
  private CatalogOwner owner;

  public RoutingProcessor(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.subscriptions = new TenantSubscriptions(context.getStateStore(SUBSCRIPTIONS_STORE));
    this.events = context.getStateStore(EVENTS_STORE);
    this.sequences = new Sequences(context.getStateStore(Sequences.STORE));
    this.owner = new CatalogOwner(new OwnerState(subscriptions,
        context.getStateStore(OWNED_TENANTS), context.getStateStore(TENANTS),
        context.getStateStore(OWNED_EVENT_TYPES), context.getStateStore(EVENT_TYPES)),
        new OwnerOutput());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.EVENTS);
    if (topic.equals(Topics.COMMANDS)) {
      command(record);
    } else if (topic.equals(Topics.SUBSCRIPTIONS)) {
      index(record);
    } else {
      route(record);
    }
  }

  private void command(Record<String, byte[]> record) {
    CatalogCommand command;
    try {
      command = Json.fromBytes(record.value(), CatalogCommand.class);
    } catch (RuntimeException e) {
      log.warn("skipping a malformed catalog command at {}", position());
      return;
    }
    try {
      owner.apply(command);
    } catch (RuntimeException e) {
      // A command that cannot be applied must not stop routing: refused, with the reason.
      log.warn("catalog command {} ({}) refused: {}", command.id(), command.kind(),
          e.getMessage());
      forward(RESULTS_SINK, command.id(), Json.toBytes(CommandResult.refused(command.id(), 422,
          "invalid_command", "the change cannot be applied: " + e.getMessage())));
    }
  }

  /** The router's own writes, marked so it does not apply them twice when it reads them back. */
  private void forward(String sink, String key, byte[] value) {
    Headers headers = new RecordHeaders().add(Topics.ORIGIN_HEADER,
        Topics.ORIGIN_SYSTEM.getBytes(StandardCharsets.US_ASCII));
    context.forward(new Record<>(key, value, context.currentSystemTimeMs(), headers), sink);
  }

  private final class OwnerOutput implements CatalogOwner.Output {
    @Override
    public void subscription(String key, Subscription sub) {
      forward(SUBSCRIPTIONS_SINK, key, sub == null ? null : Json.toBytes(sub));
    }

    @Override
    public void tenant(Tenant tenant) {
      forward(TENANTS_SINK, tenant.id().value(), Json.toBytes(tenant));
    }

    @Override
    public void eventType(String name, EventType type) {
      forward(EVENT_TYPES_SINK, name, type == null ? null : Json.toBytes(type));
    }

    @Override
    public void result(CommandResult result) {
      forward(RESULTS_SINK, result.id(), Json.toBytes(result));
    }

    @Override
    public void disabled(Subscription sub, JsonNode notice) {
      Event event = DisabledNotice.event(sub, notice);
      forward(EVENTS_SINK, sub.tenant().value(), Json.toBytes(event));
    }

    @Override
    public void enabled(Subscription sub, java.time.Instant at) {
      forward(EVENTS_SINK, sub.tenant().value(), Json.toBytes(SystemEvents.enabled(sub, at)));
    }
  }

  private void index(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null || EventRecords.fromHookstream(record.headers())) {
      return; // the router's own write, applied when it was made
    }
    if (record.value() == null) {
      subscriptions.delete(key, TenantPartitioner.tenantOf(key));
      return;
    }
    Subscription sub;
    try {
      sub = Json.fromBytes(record.value(), Subscription.class);
    } catch (RuntimeException e) {
      log.warn("skipping a malformed subscription record at {}", position());
      return;
    }
    if (!key.equals(sub.topicKey())) {
      log.warn("ignoring subscription record whose key {} does not match its tenant and id", key);
      return;
    }
    subscriptions.put(sub, record.value());
  }

  private void route(Record<String, byte[]> record) {
    Event event = EventRecords.complete(record, context.recordMetadata());
    if (event == null) {
      return;
    }
    String seenKey = EventRecords.key(event);
    if (seenBefore(seenKey, record.timestamp())) {
      log.debug("event {} of tenant {} seen before; not routed again", event.id(), event.tenant());
      return;
    }
    // Only that it was seen: the event itself is kept by the views' event lookup.
    events.put(seenKey, SEEN, record.timestamp());

    RawJson payload = null;
    JsonNode data = null;
    // An operational event never goes to the webhook it is about: a failing endpoint must not
    // feed its own failures.
    String about = SystemEvents.about(event);
    for (Subscription sub : subscriptions.of(event.tenant().value())) {
      if (!EventTypePatterns.matchesAny(sub.events(), event.type())
          || sub.id().value().equals(about)) {
        continue;
      }
      SubscriptionFilter filter = sub.filter();
      if (filter != null) {
        if (data == null && filter.needsData()) {
          data = dataOf(event);
        }
        if (!filter.matches(event.changedAttributes(), data)) {
          continue;
        }
      }
      if (payload == null) {
        payload = RawJson.ofTrustedBytes(Json.toBytes(WebhookBody.of(event)));
      }
      DeliveryTask task = DeliveryTask.first(event, sub, payload)
          .withSequence(sequences.next(sub.id()));
      context.forward(new Record<>(sub.id().value(), Json.toBytes(task), record.timestamp()),
          DELIVERIES_SINK);
    }
  }

  /** The event's data as a tree, read only when a subscription filters on it. */
  private static JsonNode dataOf(Event event) {
    if (event.data() == null) {
      return NullNode.getInstance();
    }
    return Json.fromBytes(event.data().bytes(), JsonNode.class);
  }

  private boolean seenBefore(String key, long timestamp) {
    long window = dedupeWindow.toMillis();
    try (WindowStoreIterator<byte[]> it =
        events.fetch(key, Math.max(0, timestamp - window), timestamp + window)) {
      return it.hasNext();
    }
  }

  private String position() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("?");
  }
}
