package io.hookstream.ingest.catalog;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.Page;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.model.EventType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/** The event catalog: {@code POST /v1/event-types} (admin), {@code GET /v1/event-types}. */
public final class EventTypesApi {
  private final Catalog catalog;
  private final Auth auth;
  private final Clock clock;

  public EventTypesApi(Catalog catalog, Auth auth, Clock clock) {
    this.catalog = catalog;
    this.auth = auth;
    this.clock = clock;
  }

  /** An event type as answered. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EventTypeView(String name, String title, String description, JsonNode schema,
      JsonNode example, Instant createdAt) {
    static EventTypeView of(EventType t) {
      return new EventTypeView(t.name(), t.title(), t.description(), t.schema(), t.example(),
          t.createdAt());
    }
  }

  public void register(Javalin app) {
    app.post("/v1/event-types", this::create);
    app.get("/v1/event-types", this::list);
    app.get("/v1/event-types/{name}", this::get);
  }

  private void create(Context ctx) {
    auth.requireAdmin(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes())
        .allowOnly(Set.of("name", "title", "description", "schema", "example"));
    String name = in.requiredString("name", EventType.MAX_NAME_LENGTH);
    if (!EventType.isValidName(name)) {
      throw ApiException.invalid("name",
          "name must be dot-separated segments of letters, digits, '-' and '_', like order.created");
    }
    String title = in.optionalString("title", 200).orElse(null);
    String description = in.optionalString("description", 1000).orElse(null);
    JsonNode schema = in.has("schema") ? in.node("schema") : null;
    if (schema != null && !schema.isObject()) {
      throw JsonInput.wrongType("schema", "a JSON Schema object");
    }
    if (schema != null) {
      EventSchemas.checkSchema(schema);
    }
    JsonNode example = in.has("example") ? in.node("example") : null;
    if (example != null && !example.isObject()) {
      throw JsonInput.wrongType("example", "a JSON object: the data of an example event");
    }
    if (catalog.eventType(name).isPresent()) {
      throw new ApiException(409, "already_exists", "event type " + name + " already exists", "name");
    }
    EventType type = EventType.create(name, title, description, schema, example, clock.instant());
    if (example != null) {
      new EventSchemas().validate(type, example, "example");
    }
    catalog.putEventType(type);
    ctx.status(201).json(EventTypeView.of(type));
  }

  private void list(Context ctx) {
    auth.requireAnyCaller(ctx);
    ctx.json(Page.of(ctx, catalog.eventTypes(), EventType::name, EventTypeView::of));
  }

  private void get(Context ctx) {
    auth.requireAnyCaller(ctx);
    ctx.json(EventTypeView.of(catalog.eventType(ctx.pathParam("name"))
        .orElseThrow(() -> ApiException.notFound("event type"))));
  }
}
