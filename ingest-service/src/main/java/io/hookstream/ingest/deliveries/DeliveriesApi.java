package io.hookstream.ingest.deliveries;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.Page;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.query.EventsReader;
import io.hookstream.ingest.query.LogPage;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.ingest.replay.Replayer;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryLogEntry;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.Set;

/**
 * Delivery history and recovery: a subscription's delivery log, an event with its deliveries,
 * the events a receiver missed, and re-sending one delivery or a window of them.
 */
public final class DeliveriesApi {
  private final Catalog catalog;
  private final Auth auth;
  private final StoreQueries queries;
  private final EventsReader reader;
  private final Replayer replayer;

  public DeliveriesApi(Catalog catalog, Auth auth, StoreQueries queries, EventsReader reader,
      Replayer replayer) {
    this.catalog = catalog;
    this.auth = auth;
    this.queries = queries;
    this.reader = reader;
    this.replayer = replayer;
  }

  public void register(Javalin app) {
    app.get("/v1/tenants/{tenant}/webhooks/{id}/deliveries", this::log);
    app.get("/v1/tenants/{tenant}/deliveries", this::tenantLog);
    app.get("/v1/deliveries", this::acrossTenants);
    app.post("/v1/tenants/{tenant}/webhooks/{id}/replay", this::replay);
    app.post("/v1/tenants/{tenant}/deliveries/{delivery}/retry", this::retry);
    app.get("/v1/tenants/{tenant}/events", this::events);
    app.get("/v1/tenants/{tenant}/events/{event}", this::event);
  }

  private void log(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = subscription(ctx, tenant);
    DeliveryLogEntry.Status filter = status(ctx);
    String cursor = ctx.queryParam("cursor");
    try {
      LogPage page = queries.log(sub.id(), filter, instant(ctx, "since"), instant(ctx, "until"),
          Page.limit(ctx), cursor == null || cursor.isEmpty() ? null : cursor);
      ctx.json(page);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
  }

  /**
   * The tenant's deliveries across its webhooks (or one, {@code webhook=}), newest first, test
   * sends included and marked; filtered by {@code status}, {@code type} and a window.
   */
  private void tenantLog(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    String webhook = ctx.queryParam("webhook");
    List<SubscriptionId> subs;
    if (webhook != null && !webhook.isEmpty()) {
      if (webhook.length() > 64) {
        throw ApiException.invalid("webhook", "webhook must be a webhook id");
      }
      subs = List.of(catalog.subscription(tenant, SubscriptionId.of(webhook))
          .orElseThrow(() -> new ApiException(404, "not_found", "no webhook " + webhook
              + " in this tenant", "webhook")).id());
    } else {
      subs = catalog.subscriptions(tenant).stream().map(Subscription::id).toList();
    }
    String type = ctx.queryParam("type");
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && !cursor.isEmpty() && Page.decode(cursor) == null) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
    StoreQueries.LogFilter filter = new StoreQueries.LogFilter(status(ctx),
        type == null || type.isEmpty() ? null : type, instant(ctx, "since"),
        instant(ctx, "until"));
    int limit = Page.limit(ctx);
    try {
      ctx.json(subs.isEmpty() ? new LogPage(List.of(), null)
          : queries.multiLog(subs, filter, limit, cursor == null || cursor.isEmpty() ? null
              : cursor));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
  }

  /**
   * Admin: deliveries of every tenant, newest first, by default the failed ones (what the DLQ
   * holds, with their attempts), filtered like a tenant's log.
   */
  private void acrossTenants(Context ctx) {
    auth.requireAdmin(ctx);
    List<SubscriptionId> subs = catalog.allSubscriptions().stream().map(Subscription::id).toList();
    String type = ctx.queryParam("type");
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && !cursor.isEmpty() && Page.decode(cursor) == null) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
    DeliveryLogEntry.Status status = ctx.queryParam("status") == null
        ? DeliveryLogEntry.Status.FAILED : status(ctx);
    StoreQueries.LogFilter filter = new StoreQueries.LogFilter(status,
        type == null || type.isEmpty() ? null : type, instant(ctx, "since"),
        instant(ctx, "until"));
    try {
      ctx.json(subs.isEmpty() ? new LogPage(List.of(), null)
          : queries.multiLog(subs, filter, Page.limit(ctx), cursor == null || cursor.isEmpty()
              ? null : cursor));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
  }

  private static DeliveryLogEntry.Status status(Context ctx) {
    String status = ctx.queryParam("status");
    if (status == null || status.isEmpty()) {
      return null;
    }
    try {
      return DeliveryLogEntry.Status.parse(status);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("status", "status must be succeeded, failed or pending");
    }
  }

  /** The event as published, and its delivery to each of the tenant's subscriptions. */
  private void event(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    String raw = ctx.pathParam("event");
    if (!EventId.isValid(raw)) {
      throw ApiException.notFound("event");
    }
    EventId id = EventId.of(raw);
    List<Event> found = queries.events(tenant, List.of(id));
    // The deliveries page through the tenant's webhooks in id order, ?limit= webhooks a page.
    int limit = Page.limit(ctx);
    String rawCursor = ctx.queryParam("cursor");
    String after = rawCursor == null || rawCursor.isEmpty() ? null : Page.decode(rawCursor);
    if (rawCursor != null && !rawCursor.isEmpty() && after == null) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
    List<DeliveryLogEntry> deliveries = new ArrayList<>();
    String last = null;
    boolean more = false;
    int scanned = 0;
    for (Subscription sub : catalog.subscriptions(tenant)) {
      if (after != null && sub.id().value().compareTo(after) <= 0) {
        continue;
      }
      if (scanned == limit) {
        more = true;
        break;
      }
      scanned++;
      last = sub.id().value();
      queries.delivery(sub.id(), DeliveryId.of(tenant, id, sub.id())).ifPresent(deliveries::add);
    }
    if (found.isEmpty() && deliveries.isEmpty() && after == null && !more) {
      throw ApiException.notFound("event");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", found.isEmpty() ? Map.of("id", id.value()) : found.get(0));
    answer.put("deliveries", deliveries);
    if (more && last != null) {
      answer.put("nextCursor", Page.encode(last));
    }
    ctx.json(answer);
  }

  /** Events since a time: what a receiver that was down can fetch again. */
  private void events(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    String cursor = ctx.queryParam("cursor");
    Long offset = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        offset = Long.parseLong(cursor);
      } catch (NumberFormatException e) {
        throw ApiException.invalid("cursor", "cursor is not one this API gave out");
      }
    }
    Instant since = instant(ctx, "since");
    if (since == null && offset == null) {
      throw JsonInput.missing("since");
    }
    ctx.json(reader.read(tenant, since, instant(ctx, "until"), ctx.queryParam("type"),
        Page.limit(ctx), offset));
  }

  private void retry(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    String raw = ctx.pathParam("delivery");
    if (raw.isBlank() || raw.length() > 64) {
      throw ApiException.notFound("delivery");
    }
    DeliveryLogEntry entry = queries.delivery(DeliveryId.of(raw))
        .filter(e -> tenant.equals(e.tenant()))
        .orElseThrow(() -> ApiException.notFound("delivery"));
    Subscription sub = catalog.subscription(tenant, entry.subscriptionId())
        .orElseThrow(() -> new ApiException(409, "subscription_deleted",
            "the delivery's subscription no longer exists", null));
    Replayer.Result result = replayer.resend(sub, List.of(entry));
    if (result.queued() == 0) {
      throw new ApiException(410, "event_expired", "the event is older than the log retention"
          + " (HOOKSTREAM_LOG_RETENTION) and can no longer be sent", null);
    }
    ctx.status(202).json(Map.of("queued", result.queued(), "deliveryId", entry.id().value()));
  }

  private void replay(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = subscription(ctx, tenant);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes())
        .allowOnly(Set.of("since", "until", "status", "dryRun"));
    Instant since = parse("since", in.requiredString("since", 64));
    Instant until = in.optionalString("until", 64).map(u -> parse("until", u)).orElse(null);
    String status = in.optionalString("status", 16).orElse("failed");
    if (!status.equals("failed") && !status.equals("all")) {
      throw ApiException.invalid("status", "status must be failed or all");
    }
    if (until != null && until.isBefore(since)) {
      throw ApiException.invalid("until", "until must not be before since");
    }
    if (in.optionalBoolean("dryRun").orElse(false)) {
      // What a replay of this window would send, sending nothing: for "recover since…" previews.
      ctx.json(Map.of("matching", replayer.matching(sub, since, until, status.equals("failed"))));
      return;
    }
    Replayer.Result result = replayer.replay(sub, since, until, status.equals("failed"));
    ctx.status(202).json(Map.of("queued", result.queued(), "expired", result.expired()));
  }

  private Subscription subscription(Context ctx, TenantId tenant) {
    String raw = ctx.pathParam("id");
    if (raw.isBlank() || raw.length() > 64) {
      throw ApiException.notFound("webhook");
    }
    return catalog.subscription(tenant, SubscriptionId.of(raw))
        .orElseThrow(() -> ApiException.notFound("webhook"));
  }

  static Instant instant(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isEmpty() ? null : parse(name, value);
  }

  static Instant parse(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field, field + " must be an RFC 3339 time like"
          + " 2026-11-22T10:00:00Z");
    }
  }

}
