package io.hookstream.ingest.events;

import io.hookstream.json.CanonicalJson;
import io.hookstream.json.Json;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.TenantId;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a record of {@code hookstream.events} becomes an event, the same for every reader (the
 * router, the event lookup): the id, tenant and time filled in from the record where the producer
 * left them out, data rewritten in {@code JSON.stringify} form unless the writer marked it so, and
 * Hookstream's own types accepted only from Hookstream. Pure given the record.
 */
public final class EventRecords {
  private static final Logger log = LoggerFactory.getLogger(EventRecords.class);

  private EventRecords() {}

  /** The key under which an event is remembered: {@code tenant/id}. */
  public static String key(Event event) {
    return event.tenant().value() + '/' + event.id().value();
  }

  /**
   * The completed event, or null (logged once) when the record cannot be one: malformed, no type,
   * no valid tenant, keyed for another tenant, or one of Hookstream's own types not written by
   * Hookstream.
   */
  public static Event complete(Record<String, byte[]> record, Optional<RecordMetadata> where) {
    return complete(record, where, true);
  }

  /** The same, saying nothing of a record it refuses (the router already says it). */
  public static Event completeQuietly(Record<String, byte[]> record,
      Optional<RecordMetadata> where) {
    return complete(record, where, false);
  }

  private static Event complete(Record<String, byte[]> record, Optional<RecordMetadata> where,
      boolean tell) {
    Event event;
    try {
      event = record.value() == null ? null : Json.fromBytes(record.value(), Event.class);
    } catch (RuntimeException e) {
      warn(tell, "skipping a malformed event at {}", position(where));
      return null;
    }
    if (event == null || event.type() == null) {
      warn(tell, "skipping an event without a type at {}", position(where));
      return null;
    }
    String tenantKey = event.tenant() != null ? event.tenant().value() : record.key();
    if (!TenantId.isValid(tenantKey)) {
      warn(tell, "skipping an event without a valid tenant at {}", position(where));
      return null;
    }
    if (event.tenant() != null && record.key() != null && !record.key().equals(tenantKey)) {
      warn(tell, "skipping an event keyed {} for tenant {} at {}: key events by tenant",
          record.key(), tenantKey, position(where));
      return null;
    }
    EventId fallbackId = where.map(m -> EventId.of("evt_k" + m.partition() + "_" + m.offset()))
        .orElse(null);
    if (event.id() == null && fallbackId == null) {
      return null;
    }
    if (SystemEventTypes.reserved(event.type()) && !fromHookstream(record.headers())) {
      warn(tell, "dropping an event of tenant {} at {}: {} is Hookstream's own type", tenantKey,
          position(where), event.type());
      return null;
    }
    event = event.complete(fallbackId, TenantId.of(tenantKey),
        Instant.ofEpochMilli(record.timestamp()));
    return CanonicalJson.marked(record.headers()) ? event : canonical(event, tell);
  }

  /** Whether Hookstream itself wrote the record (the router's own writes carry the header). */
  public static boolean fromHookstream(Headers headers) {
    Header h = headers.lastHeader(Topics.ORIGIN_HEADER);
    return h != null
        && Topics.ORIGIN_SYSTEM.equals(new String(h.value(), StandardCharsets.US_ASCII));
  }

  /**
   * An event written straight to Kafka, its data and metadata rewritten as JSON.stringify writes
   * them, so every receiver gets the bytes the API would have sent (the API and the Java client
   * write them so already, and mark the record).
   */
  private static Event canonical(Event event, boolean tell) {
    try {
      return event.withData(
          event.data() == null ? null
              : RawJson.ofTrustedBytes(CanonicalJson.rewrite(event.data().bytes())),
          event.metadata() == null ? null
              : RawJson.ofTrustedBytes(CanonicalJson.rewrite(event.metadata().bytes())));
    } catch (RuntimeException e) {
      warn(tell, "event {} has data that is not valid JSON; routed as given", event.id());
      return event;
    }
  }

  private static void warn(boolean tell, String format, Object... args) {
    if (tell) {
      log.warn(format, args);
    }
  }

  private static String position(Optional<RecordMetadata> where) {
    return where.map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
  }
}
