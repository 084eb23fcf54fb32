package io.hookstream.ingest.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.hookstream.json.CanonicalJson;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
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
import java.time.Duration;
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
 * The router's one processor, fed both co-partitioned inputs in timestamp order: a subscription
 * record updates the tenant's subscriptions; an event is completed, deduplicated, kept (for
 * replay) and fanned out as one delivery task, keyed by subscription id, per subscription whose
 * patterns and filter select it. Disabled subscriptions get their tasks too: the dispatcher records
 * and parks them, so a replay after re-enabling covers them. The webhook body is serialized once
 * and shared by all of the event's tasks. A {@code hookstream.endpoint.disabled} event also
 * disables its subscription, written back to the subscriptions topic.
 */
public final class RoutingProcessor implements Processor<String, byte[], String, byte[]> {
  public static final String SUBSCRIPTIONS_STORE = "subscriptions";
  public static final String EVENTS_STORE = "events";
  public static final String DELIVERIES_SINK = "deliveries";
  public static final String SUBSCRIPTIONS_SINK = "subscription-changes";
  private static final Logger log = LoggerFactory.getLogger(RoutingProcessor.class);

  private final Duration dedupeWindow;
  private ProcessorContext<String, byte[]> context;
  private TenantSubscriptions subscriptions;
  private WindowStore<String, byte[]> events;

  public RoutingProcessor(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.subscriptions = new TenantSubscriptions(context.getStateStore(SUBSCRIPTIONS_STORE));
    this.events = context.getStateStore(EVENTS_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.EVENTS);
    if (topic.equals(Topics.SUBSCRIPTIONS)) {
      index(record);
    } else {
      route(record);
    }
  }

  private void index(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      return;
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
    events.put(seenKey, Json.toBytes(event), record.timestamp());
    if (event.type().equals(SystemEventTypes.ENDPOINT_DISABLED)) {
      disable(event, record.timestamp());
    }

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

  /** Applies an auto-disable: the subscription named in the event's data, if still enabled. */
  private void disable(Event event, long timestamp) {
    JsonNode data = dataOf(event);
    String id = data.path("subscriptionId").asText("");
    String reason = data.path("reason").asText("disabled after repeated failures");
    for (Subscription sub : subscriptions.of(event.tenant().value())) {
      if (sub.id().value().equals(id) && sub.enabled()) {
        Subscription off = sub.disabled(reason, event.timestamp());
        byte[] bytes = Json.toBytes(off);
        subscriptions.put(off, bytes);
        context.forward(new Record<>(off.topicKey(), bytes, timestamp), SUBSCRIPTIONS_SINK);
        log.info("subscription {} of tenant {} disabled: {}", id, event.tenant(), reason);
      }
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

  private String position() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("?");
  }
}
