package io.hookstream.ingest.api;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.signing.WebhookSecrets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Subscriptions: create, list, read, delete under {@code /v1/tenants/{tenant}/webhooks}. */
final class WebhooksApi {
  private static final Set<String> CREATE_FIELDS = Set.of("url", "events", "secret", "name",
      "description", "enabled", "headers", "timeoutMs", "maxInFlight", "rateLimitPerSecond");

  private final Catalog catalog;
  private final Auth auth;
  private final Clock clock;

  WebhooksApi(Catalog catalog, Auth auth, Clock clock) {
    this.catalog = catalog;
    this.auth = auth;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/webhooks", this::create);
    app.get("/v1/tenants/{tenant}/webhooks", this::list);
    app.get("/v1/tenants/{tenant}/webhooks/{id}", this::get);
    app.delete("/v1/tenants/{tenant}/webhooks/{id}", this::delete);
  }

  private void create(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(CREATE_FIELDS);
    String url = WebhookRules.url(in.requiredString("url", WebhookRules.MAX_URL_LENGTH));
    List<String> events = WebhookRules.events(in.optionalStringList("events",
        WebhookRules.MAX_EVENTS, 128).orElseThrow(() -> JsonInput.missing("events")));
    String secret = in.optionalString("secret", 200).map(WebhookRules::standardSecret)
        .orElseGet(WebhookSecrets::generate);
    Map<String, String> headers = WebhookRules.headers(in.optionalStringMap("headers",
        WebhookRules.MAX_HEADERS, WebhookRules.MAX_HEADER_VALUE).orElse(Map.of()));
    Integer timeoutMs = in.optionalInt("timeoutMs", WebhookRules.MIN_TIMEOUT_MS,
        WebhookRules.MAX_TIMEOUT_MS).orElse(null);
    Instant now = clock.instant();
    Subscription sub = Subscription.builder(SubscriptionId.generate(clock), tenant, url)
        .events(events)
        .secrets(List.of(new SigningSecret(secret, now, null)))
        .name(in.optionalString("name", 200).orElse(null))
        .description(in.optionalString("description", 1000).orElse(null))
        .enabled(in.optionalBoolean("enabled").orElse(true))
        .headers(headers)
        .timeoutMs(timeoutMs)
        .maxInFlight(in.optionalInt("maxInFlight", 1, WebhookRules.MAX_IN_FLIGHT).orElse(null))
        .rateLimitPerSecond(in.optionalInt("rateLimitPerSecond", 1, WebhookRules.MAX_RATE_PER_SECOND)
            .orElse(null))
        .createdAt(now)
        .updatedAt(now)
        .build();
    catalog.putSubscription(sub);
    ctx.status(201).json(WebhookView.of(sub, secret));
  }

  private void list(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    ctx.json(Page.of(ctx, catalog.subscriptions(tenant), s -> s.id().value(), WebhookView::of));
  }

  private void get(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    ctx.json(WebhookView.of(find(ctx, tenant)));
  }

  private void delete(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = find(ctx, tenant);
    catalog.deleteSubscription(tenant, sub.id());
    ctx.status(204);
  }

  private Subscription find(Context ctx, TenantId tenant) {
    String raw = ctx.pathParam("id");
    if (raw.isBlank() || raw.length() > 64) {
      throw ApiException.notFound("webhook");
    }
    return catalog.subscription(tenant, SubscriptionId.of(raw))
        .orElseThrow(() -> ApiException.notFound("webhook"));
  }
}
