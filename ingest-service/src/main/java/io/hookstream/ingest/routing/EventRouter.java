package io.hookstream.ingest.routing;

import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one event: completes what a direct producer left out, drops a repeat of an id seen within
 * the window, and emits a delivery task, keyed by subscription id, for every enabled subscription
 * of the tenant whose patterns select the event's type. The webhook body is serialized once and
 * shared by all of the event's tasks.
 */
final class EventRouter implements Processor<String, Event, String, DeliveryTask> {
  private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

  private final Duration dedupeWindow;
  private ProcessorContext<String, DeliveryTask> context;
  private KeyValueStore<String, Subscription> subscriptions;
  private WindowStore<String, Long> seen;

  EventRouter(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  @Override
  public void init(ProcessorContext<String, DeliveryTask> context) {
    this.context = context;
    this.subscriptions = context.getStateStore(RouterTopology.SUBSCRIPTIONS_STORE);
    this.seen = context.getStateStore(RouterTopology.SEEN_EVENTS_STORE);
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = complete(record);
    if (event == null) {
      return;
    }
    String seenKey = event.tenant().value() + '/' + event.id().value();
    if (seenBefore(seenKey, record.timestamp())) {
      log.debug("event {} of tenant {} seen before; not routed again", event.id(), event.tenant());
      return;
    }
    seen.put(seenKey, record.timestamp(), record.timestamp());

    RawJson payload = null;
    String prefix = event.tenant().value() + '/';
    try (KeyValueIterator<String, Subscription> it =
        subscriptions.prefixScan(prefix, Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyValue<String, Subscription> entry = it.next();
        Subscription sub = entry.value;
        if (!sub.enabled() || !EventTypePatterns.matchesAny(sub.events(), event.type())) {
          continue;
        }
        if (payload == null) {
          payload = RawJson.ofTrustedBytes(Json.toBytes(WebhookBody.of(event)));
        }
        context.forward(record.withKey(sub.id().value())
            .withValue(DeliveryTask.first(event, sub, payload)));
      }
    }
  }

  /** The event with id, tenant and timestamp filled in, or null when it cannot be routed. */
  private Event complete(Record<String, Event> record) {
    Event event = record.value();
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
    return event.complete(fallbackId, TenantId.of(tenantKey), Instant.ofEpochMilli(record.timestamp()));
  }

  private boolean seenBefore(String key, long timestamp) {
    long window = dedupeWindow.toMillis();
    try (WindowStoreIterator<Long> it =
        seen.fetch(key, Math.max(0, timestamp - window), timestamp + window)) {
      return it.hasNext();
    }
  }

  private String position() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("?");
  }
}
