package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A domain event as published by an upstream service, on {@code hookstream.events} keyed by tenant.
 * Producers writing straight to Kafka may leave {@code id}, {@code tenant} and {@code timestamp}
 * out: the router takes the tenant from the record key, the time from the record, and derives a
 * stable id from the record's position.
 *
 * <p>{@code data} is kept as the producer's bytes: the router passes it into the webhook body
 * without building a tree of it. {@code metadata} is a free-form object for templates (who caused
 * the event, for instance), never sent on its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(int v, EventId id, TenantId tenant, String type, Instant timestamp,
    RawJson data, List<String> changedAttributes, RawJson metadata) {
  public static final int VERSION = 1;
  /** The largest {@code metadata}, in bytes of its JSON. */
  public static final int MAX_METADATA_BYTES = 4096;

  public Event {
    v = v == 0 ? VERSION : v;
    changedAttributes = changedAttributes == null ? null : List.copyOf(changedAttributes);
  }

  /**
   * A new event. Its timestamp is kept to the millisecond, as Kafka keeps record timestamps and
   * JavaScript's {@code Date#toISOString} writes them, so every receiver parses it the same way.
   */
  public static Event create(EventId id, TenantId tenant, String type, Instant timestamp,
      RawJson data, List<String> changedAttributes) {
    return create(id, tenant, type, timestamp, data, changedAttributes, null);
  }

  public static Event create(EventId id, TenantId tenant, String type, Instant timestamp,
      RawJson data, List<String> changedAttributes, RawJson metadata) {
    return new Event(VERSION, id, tenant, type, timestamp.truncatedTo(ChronoUnit.MILLIS), data,
        changedAttributes, metadata);
  }

  /** This event with the blanks a direct Kafka producer may leave filled in. */
  public Event complete(EventId defaultId, TenantId defaultTenant, Instant defaultTimestamp) {
    return new Event(v, id != null ? id : defaultId, tenant != null ? tenant : defaultTenant, type,
        timestamp != null ? timestamp : defaultTimestamp, data, changedAttributes, metadata);
  }

  /** This event with its data (and metadata) replaced, e.g. by their JSON.stringify form. */
  public Event withData(RawJson newData, RawJson newMetadata) {
    return new Event(v, id, tenant, type, timestamp, newData, changedAttributes, newMetadata);
  }
}
