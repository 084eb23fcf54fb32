package io.hookstream.ingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryLogEntry;
import io.hookstream.model.EventId;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one ingest instance answers another about the stores it holds. Admin token only; every
 * answer is read from this instance's own stores, never forwarded again.
 */
public final class InternalApi {
  private InternalApi() {}

  /** {@code requireAdmin} rejects a request not carrying the admin token. */
  public static void register(Javalin app, StoreQueries queries, Consumer<Context> requireAdmin) {
    register(new Guarded(app), queries, requireAdmin);
  }

  /** Bad parameters (a number, a time, a status that does not parse) answer 400, not 500. */
  private record Guarded(Javalin app) {
    void get(String path, io.javalin.http.Handler h) {
      app.get(path, ctx -> guard(h, ctx));
    }

    void post(String path, io.javalin.http.Handler h) {
      app.post(path, ctx -> guard(h, ctx));
    }

    private static void guard(io.javalin.http.Handler h, Context ctx) throws Exception {
      try {
        h.handle(ctx);
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw new io.hookstream.ingest.api.ApiException(400, "invalid_value",
            "bad parameter: " + e.getMessage(), null);
      }
    }
  }

  private static void register(Guarded app, StoreQueries queries, Consumer<Context> requireAdmin) {
    app.get("/internal/v1/health/{subscription}", ctx -> {
      requireAdmin.accept(ctx);
      var health = queries.local(io.hookstream.ingest.health.HealthProcessor.STORE,
          io.hookstream.ingest.health.HealthRecord.class).get(ctx.pathParam("subscription"));
      if (health == null) {
        ctx.status(404);
      } else {
        ctx.json(health.health());
      }
    });
    app.get("/internal/v1/log/{subscription}", ctx -> {
      requireAdmin.accept(ctx);
      String status = ctx.queryParam("status");
      ctx.json(queries.localLog(SubscriptionId.of(ctx.pathParam("subscription")),
          status == null ? null : DeliveryLogEntry.Status.valueOf(status.toUpperCase()),
          instant(ctx.queryParam("since")), instant(ctx.queryParam("until")),
          Integer.parseInt(ctx.queryParam("limit")), ctx.queryParam("cursor")));
    });
    app.post("/internal/v1/log-multi", ctx -> {
      requireAdmin.accept(ctx);
      JsonNode body = ctx.bodyAsClass(JsonNode.class);
      List<SubscriptionId> subs = new ArrayList<>();
      body.path("subscriptions").forEach(s -> subs.add(SubscriptionId.of(s.asText())));
      String status = body.path("status").asText(null);
      ctx.json(queries.localMultiLog(subs, new StoreQueries.LogFilter(
              status == null ? null : DeliveryLogEntry.Status.parse(status),
              body.path("type").asText(null), instant(body.path("since").asText(null)),
              instant(body.path("until").asText(null))),
          body.path("limit").asInt(50), body.path("after").asText(null)));
    });
    app.get("/internal/v1/deliveries/{delivery}", ctx -> {
      requireAdmin.accept(ctx);
      queries.localDelivery(DeliveryId.of(ctx.pathParam("delivery")))
          .ifPresentOrElse(ctx::json, () -> ctx.status(404));
    });
    app.post("/internal/v1/events/{tenant}", ctx -> {
      requireAdmin.accept(ctx);
      List<EventId> ids = new ArrayList<>();
      ctx.bodyAsClass(JsonNode.class).path("ids").forEach(id -> ids.add(EventId.of(id.asText())));
      ctx.json(Map.of("data", queries.localEvents(TenantId.of(ctx.pathParam("tenant")), ids)));
    });
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }
}
