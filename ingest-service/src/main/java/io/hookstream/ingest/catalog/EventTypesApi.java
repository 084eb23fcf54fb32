package io.hookstream.ingest.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.Page;
import io.hookstream.ingest.api.Preconditions;
import io.hookstream.model.EventType;
import io.hookstream.model.SystemEventTypes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * The event catalog: {@code POST /v1/event-types}, {@code PATCH} and {@code DELETE
 * /v1/event-types/{name}} (admin), and reads for every caller. Hookstream's own types
 * ({@code hookstream.*}) are reserved.
 */
public final class EventTypesApi {
  private static final Set<String> FIELDS = Set.of("name", "title", "description", "schema",
      "example");
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
      JsonNode example, Instant createdAt, Instant updatedAt, long version) {
    static EventTypeView of(EventType t) {
      return new EventTypeView(t.name(), t.title(), t.description(), t.schema(), t.example(),
          t.createdAt(), t.updatedAt(), Math.max(1, t.version()));
    }
  }

  public void register(Javalin app) {
    app.post("/v1/event-types", this::create);
    app.get("/v1/event-types", this::list);
    app.get("/v1/event-types/{name}", this::get);
    app.patch("/v1/event-types/{name}", this::patch);
    app.delete("/v1/event-types/{name}", this::delete);
  }

  private void create(Context ctx) {
    auth.requireAdmin(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(FIELDS);
    String name = in.requiredString("name", EventType.MAX_NAME_LENGTH);
    if (!EventType.isValidName(name)) {
      throw ApiException.invalid("name",
          "name must be dot-separated segments of letters, digits, '-' and '_', like order.created");
    }
    if (SystemEventTypes.reserved(name)) {
      throw ApiException.invalid("name", "names starting with " + SystemEventTypes.PREFIX
          + " are Hookstream's own");
    }
    if (catalog.eventType(name).isPresent()) {
      throw new ApiException(409, "already_exists", "event type " + name + " already exists", "name");
    }
    EventType type = checked(EventType.create(name, in.optionalLabel("title", 200).orElse(null),
        in.optionalString("description", 1000).orElse(null), schema(in), example(in),
        clock.instant()));
    EventType created = catalog.createEventType(type);
    Preconditions.etag(ctx, created.version());
    ctx.status(201).json(EventTypeView.of(created));
  }

  /** Any of title, description, schema, example; {@code null} clears one. */
  private void patch(Context ctx) {
    auth.requireAdmin(ctx);
    EventType current = find(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(FIELDS);
    if (in.present("name") && !current.name().equals(in.node("name").asText())) {
      throw ApiException.invalid("name", "an event type cannot be renamed; create another");
    }
    String title = in.isExplicitNull("title") ? null
        : in.optionalLabel("title", 200).orElse(current.title());
    String description = in.isExplicitNull("description") ? null
        : in.optionalString("description", 1000).orElse(current.description());
    JsonNode schema = in.isExplicitNull("schema") ? null
        : in.has("schema") ? schema(in) : current.schema();
    JsonNode example = in.isExplicitNull("example") ? null
        : in.has("example") ? example(in) : current.example();
    EventType changed = checked(new EventType(current.v(), current.name(), description, schema,
        current.createdAt(), title, example, current.updatedAt(), current.version()));
    EventType applied = catalog.changeEventType(current, changed, Preconditions.ifMatch(ctx));
    Preconditions.etag(ctx, applied.version());
    ctx.json(EventTypeView.of(applied));
  }

  /**
   * Removes a type from the catalog: it can no longer be published, and webhooks that name it
   * no longer match it. Webhooks are not changed.
   */
  private void delete(Context ctx) {
    auth.requireAdmin(ctx);
    EventType current = find(ctx);
    if (SystemEventTypes.reserved(current.name())) {
      throw ApiException.invalid("name", "Hookstream's own types cannot be removed");
    }
    catalog.deleteEventType(current.name(), Preconditions.ifMatch(ctx));
    ctx.status(204);
  }

  private void list(Context ctx) {
    auth.requireAnyCaller(ctx);
    ctx.json(Page.of(ctx, catalog.eventTypes(), EventType::name, EventTypeView::of));
  }

  private void get(Context ctx) {
    auth.requireAnyCaller(ctx);
    EventType type = find(ctx);
    Preconditions.etag(ctx, Math.max(1, type.version()));
    ctx.json(EventTypeView.of(type));
  }

  private EventType find(Context ctx) {
    return catalog.eventType(ctx.pathParam("name"))
        .orElseThrow(() -> ApiException.notFound("event type"));
  }

  private static JsonNode schema(JsonInput in) {
    JsonNode schema = in.has("schema") ? in.node("schema") : null;
    if (schema == null) {
      return null;
    }
    if (!schema.isObject()) {
      throw JsonInput.wrongType("schema", "a JSON Schema object");
    }
    EventSchemas.checkSchema(schema);
    return schema;
  }

  private static JsonNode example(JsonInput in) {
    JsonNode example = in.has("example") ? in.node("example") : null;
    if (example != null && !example.isObject()) {
      throw JsonInput.wrongType("example", "a JSON object: the data of an example event");
    }
    return example;
  }

  /** The type, its example checked against its schema. */
  private static EventType checked(EventType type) {
    if (type.example() != null) {
      new EventSchemas().validate(type, type.example(), "example");
    }
    return type;
  }
}
