package io.hookstream.ingest.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.hookstream.ingest.catalog.CatalogOwner;
import io.hookstream.ingest.health.HealthProcessor;
import io.hookstream.json.CanonicalJson;
import io.hookstream.json.Json;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.CommandResult;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EventType;
import io.hookstream.model.Tenant;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.SubscriptionFilter;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.time.Instant;
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
 *       it. Disabled subscriptions get their tasks too: the dispatcher records and parks them, so a
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
  public static final String OWNED_TENANTS = "owned-tenants";
  public static final String OWNED_EVENT_TYPES = "owned-event-types";
  public static final String EVENT_TYPES = "event-types";
  private static final Logger log = LoggerFactory.getLogger(RoutingProcessor.class);

  private final Duration dedupeWindow;
  private ProcessorContext<String, byte[]> context;
  private TenantSubscriptions subscriptions;
  private WindowStore<String, byte[]> events;
  private CatalogOwner owner;

  public RoutingProcessor(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.subscriptions = new TenantSubscriptions(context.getStateStore(SUBSCRIPTIONS_STORE));
    this.events = context.getStateStore(EVENTS_STORE);
    this.owner = new CatalogOwner(new OwnerState(subscriptions,
        context.getStateStore(OWNED_TENANTS), context.getStateStore(HealthProcessor.TENANTS),
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
  }

  private void index(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null || Topics.ORIGIN_SYSTEM.equals(origin(record))) {
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
    Event event = complete(record);
    if (event == null) {
      return;
    }
    String seenKey = event.tenant().value() + '/' + event.id().value();
    if (seenBefore(seenKey, record.timestamp())) {
      log.debug("event {} of tenant {} seen before; not routed again", event.id(), event.tenant());
      return;
    }
    if (SystemEventTypes.reserved(event.type())
        && !Topics.ORIGIN_SYSTEM.equals(origin(record))) {
      log.warn("dropping event {} of tenant {}: {} is Hookstream's own type", event.id(),
          event.tenant(), event.type());
      return;
    }
    events.put(seenKey, Json.toBytes(event), record.timestamp());

    RawJson payload = null;
    JsonNode data = null;
    for (Subscription sub : subscriptions.of(event.tenant().value())) {
      if (!EventTypePatterns.matchesAny(sub.events(), event.type())) {
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
      context.forward(new Record<>(sub.id().value(),
          Json.toBytes(DeliveryTask.first(event, sub, payload)), record.timestamp()),
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

  /** The event with id, tenant and timestamp filled in, or null when it cannot be routed. */
  private Event complete(Record<String, byte[]> record) {
    Event event;
    try {
      event = record.value() == null ? null : Json.fromBytes(record.value(), Event.class);
    } catch (RuntimeException e) {
      log.warn("skipping a malformed event at {}", position());
      return null;
    }
    if (event == null || event.type() == null) {
      log.warn("skipping an event without a type at {}", position());
      return null;
    }
    String tenantKey = event.tenant() != null ? event.tenant().value() : record.key();
    if (!TenantId.isValid(tenantKey)) {
      log.warn("skipping an event without a valid tenant at {}", position());
      return null;
    }
    if (event.tenant() != null && record.key() != null && !record.key().equals(tenantKey)) {
      log.warn("skipping an event keyed {} for tenant {} at {}: key events by tenant",
          record.key(), tenantKey, position());
      return null;
    }
    EventId fallbackId = context.recordMetadata()
        .map(m -> EventId.of("evt_k" + m.partition() + "_" + m.offset()))
        .orElse(null);
    if (event.id() == null && fallbackId == null) {
      return null;
    }
    event = event.complete(fallbackId, TenantId.of(tenantKey),
        Instant.ofEpochMilli(record.timestamp()));
    return CanonicalJson.marked(record.headers()) ? event : canonical(event);
  }

  /**
   * An event written straight to Kafka, its data and metadata rewritten as JSON.stringify writes
   * them, so every receiver gets the bytes the API would have sent (the API and the Java client
   * write them so already, and mark the record).
   */
  private Event canonical(Event event) {
    try {
      return event.withData(
          event.data() == null ? null : RawJson.ofTrustedBytes(CanonicalJson.rewrite(event.data().bytes())),
          event.metadata() == null ? null
              : RawJson.ofTrustedBytes(CanonicalJson.rewrite(event.metadata().bytes())));
    } catch (RuntimeException e) {
      log.warn("event {} has data that is not valid JSON; routed as given", event.id());
      return event;
    }
  }

  private boolean seenBefore(String key, long timestamp) {
    long window = dedupeWindow.toMillis();
    try (WindowStoreIterator<byte[]> it =
        events.fetch(key, Math.max(0, timestamp - window), timestamp + window)) {
      return it.hasNext();
    }
  }

  private static String origin(Record<String, byte[]> record) {
    Header h = record.headers().lastHeader(Topics.ORIGIN_HEADER);
    return h == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
  }

  private String position() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("?");
  }
}
