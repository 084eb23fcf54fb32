package io.hookstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.publish.EventPublisher;
import io.hookstream.json.Json;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/tenants/{tenant}/events}: accepts an event of a catalog type and answers 202
 * once Kafka holds it. A repeated producer-given {@code id} is accepted again but routed once.
 */
final class EventsApi {
  private static final Set<String> FIELDS = Set.of("id", "type", "data", "changedAttributes");

  private final Catalog catalog;
  private final EventPublisher publisher;
  private final Auth auth;
  private final Clock clock;

  EventsApi(Catalog catalog, EventPublisher publisher, Auth auth, Clock clock) {
    this.catalog = catalog;
    this.publisher = publisher;
    this.auth = auth;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/events", this::publish);
  }

  private void publish(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(FIELDS);
    EventId id = in.optionalString("id", EventId.MAX_LENGTH).map(raw -> {
      if (!EventId.isValid(raw)) {
        throw ApiException.invalid("id", "id must be printable ASCII without spaces");
      }
      return EventId.of(raw);
    }).orElseGet(() -> EventId.generate(clock));
    String type = in.requiredString("type", 128);
    if (catalog.eventType(type).isEmpty()) {
      throw new ApiException(422, "unknown_event_type",
          "type " + type + " is not in the event catalog (POST /v1/event-types)", "type");
    }
    if (!in.has("data")) {
      throw JsonInput.missing("data");
    }
    JsonNode data = in.node("data");
    if (!data.isObject()) {
      throw JsonInput.wrongType("data", "a JSON object");
    }
    List<String> changed = in.optionalStringList("changedAttributes", 1000, 256).orElse(null);
    publisher.publish(Event.create(id, tenant, type, clock.instant(), Json.raw(data), changed));
    ctx.status(202).json(Map.of("id", id.value()));
  }
}
