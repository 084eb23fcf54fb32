package io.hookstream.ingest.events;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.catalog.EventSchemas;
import io.hookstream.ingest.query.QueryUnavailableException;
import io.hookstream.ingest.query.StoreQueries;

import io.hookstream.json.CanonicalJson;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.EventType;
import io.hookstream.model.RawJson;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import com.ethlo.time.ITU;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/tenants/{tenant}/events}: accepts an event of a catalog type, its data valid for
 * the type's schema, and answers 202 once Kafka holds it. The same producer-given {@code id}, or
 * the same {@code Idempotency-Key}, is accepted again with the same answer but routed once.
 */
public final class EventsApi {
  private static final Set<String> FIELDS = Set.of("id", "type", "data", "changedAttributes",
      "timestamp", "metadata");
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Catalog catalog;
  private final EventPublisher publisher;
  private final StoreQueries queries;
  private final Auth auth;
  private final Clock clock;
  private final int maxBytes;
  private final IngestMetrics metrics;
  private final EventSchemas schemas = new EventSchemas();
  private final PublishQuota quota;

  public EventsApi(Catalog catalog, EventPublisher publisher, StoreQueries queries, Auth auth,
      Clock clock, int maxBytes,
      io.micrometer.core.instrument.MeterRegistry registry, int publishRatePerTenant) {
    this.catalog = catalog;
    this.publisher = publisher;
    this.queries = queries;
    this.auth = auth;
    this.clock = clock;
    this.maxBytes = maxBytes;
    this.metrics = new IngestMetrics(registry);
    this.quota = new PublishQuota(publishRatePerTenant);
  }

  public void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/events", this::counted);
  }

  /** Counts every publish: accepted, or rejected by its error code. */
  private void counted(Context ctx) {
    try {
      publish(ctx);
      metrics.ingested();
    } catch (ApiException e) {
      metrics.rejected(e.code());
      throw e;
    }
  }

  private void publish(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    quota.take(tenant);
    byte[] body = ctx.bodyAsBytes();
    if (body.length > maxBytes) {
      throw new ApiException(413, "too_large", "the event is " + body.length
          + " bytes; the limit is " + maxBytes + " (HOOKSTREAM_MAX_EVENT_BYTES)", null);
    }
    JsonInput in = JsonInput.parse(body).allowOnly(FIELDS);
    EventId id = eventId(in, ctx.header(IDEMPOTENCY_KEY), tenant);
    String type = in.requiredString("type", 128);
    if (SystemEventTypes.reserved(type)) {
      throw new ApiException(422, "reserved_event_type", type + " is one of Hookstream's own"
          + " event types (" + SystemEventTypes.PREFIX + "*): only Hookstream publishes them",
          "type");
    }
    EventType eventType = catalog.eventType(type).orElseThrow(() -> new ApiException(422,
        "unknown_event_type", "type " + type + " is not in the event catalog (POST /v1/event-types)",
        "type"));
    if (!in.has("data")) {
      throw JsonInput.missing("data");
    }
    JsonNode data = in.node("data");
    if (!data.isObject()) {
      throw JsonInput.wrongType("data", "a JSON object");
    }
    schemas.validate(eventType, data);
    List<String> changed = in.optionalStringList("changedAttributes", 1000, 256).orElse(null);
    Instant timestamp = in.optionalString("timestamp", 64).map(EventsApi::timestamp)
        .orElseGet(clock::instant);
    RawJson canonical = RawJson.ofTrustedBytes(CanonicalJson.toBytes(data));
    if (explicitId(in, ctx)) {
      refuseReuse(tenant, id, type, canonical);
    }
    publisher.publish(Event.create(id, tenant, type, timestamp, canonical, changed,
        metadata(in)));
    ctx.status(202).json(Map.of("id", id.value()));
  }

  private static boolean explicitId(JsonInput in, Context ctx) {
    return in.has("id") || ctx.header(IDEMPOTENCY_KEY) != null;
  }

  /**
   * A repeated id is the same event sent again (answered 202, delivered once); an id already used
   * for other content is refused, 409, rather than dropped silently. Checked against the events
   * the router keeps; while those cannot be read (a rebalance), the publish goes on and the
   * router keeps the first.
   */
  private void refuseReuse(TenantId tenant, EventId id, String type, RawJson data) {
    List<Event> seen;
    try {
      seen = queries.events(tenant, List.of(id));
    } catch (QueryUnavailableException e) {
      return;
    }
    for (Event before : seen) {
      if (!before.type().equals(type) || before.data() == null
          || !java.util.Arrays.equals(before.data().bytes(), data.bytes())) {
        throw new ApiException(409, "id_reused", "event " + id + " was already published with"
            + " another type or data; a repeated id must carry the same event", "id");
      }
    }
  }

  /** The producer's event time: RFC 3339 with an offset, kept to the millisecond. */
  public static Instant timestamp(String raw) {
    try {
      return ITU.parseDateTime(raw).toInstant();
    } catch (DateTimeException e) {
      throw ApiException.invalid("timestamp", "timestamp must be an RFC 3339 time with a zone,"
          + " like 2023-06-15T10:30:00Z or 2023-06-15T12:30:00.250+02:00");
    }
  }

  /** A free-form object for templates, at most {@value Event#MAX_METADATA_BYTES} bytes. */
  private static RawJson metadata(JsonInput in) {
    if (!in.has("metadata")) {
      return null;
    }
    JsonNode node = in.node("metadata");
    if (!node.isObject()) {
      throw JsonInput.wrongType("metadata", "a JSON object");
    }
    byte[] bytes = CanonicalJson.toBytes(node);
    if (bytes.length > Event.MAX_METADATA_BYTES) {
      throw ApiException.invalid("metadata", "metadata must be at most "
          + Event.MAX_METADATA_BYTES + " bytes of JSON; it is " + bytes.length);
    }
    return RawJson.ofTrustedBytes(bytes);
  }

  /** The given id, or one derived from the Idempotency-Key, or a new one. */
  private EventId eventId(JsonInput in, String idempotencyKey, TenantId tenant) {
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255
        || !EventId.isValid(idempotencyKey))) {
      throw ApiException.invalid(IDEMPOTENCY_KEY,
          "Idempotency-Key must be 1-255 printable ASCII characters without spaces");
    }
    java.util.Optional<String> given = in.optionalString("id", EventId.MAX_LENGTH);
    if (given.isPresent()) {
      if (!EventId.isValid(given.get())) {
        throw ApiException.invalid("id", "id must be printable ASCII without spaces");
      }
      return EventId.of(given.get());
    }
    if (idempotencyKey != null) {
      return EventId.of(EventId.PREFIX + "idem_" + sha256Hex(tenant.value() + '\n' + idempotencyKey)
          .substring(0, 32));
    }
    return EventId.generate(clock);
  }

  private static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }
}
