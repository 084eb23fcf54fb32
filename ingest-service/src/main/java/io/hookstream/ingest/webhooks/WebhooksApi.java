package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.Page;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.model.EventType;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Subscriptions under {@code /v1/tenants/{tenant}/webhooks}: create, list, read, change, delete,
 * and rotate the signing secret.
 */
public final class WebhooksApi {
  private final Catalog catalog;
  private final Auth auth;
  private final Settings settings;
  private final java.time.Clock clock;
  private final StoreQueries queries;

  /** How webhooks are judged and sealed, fixed at start. */
  public record Settings(io.hookstream.targets.TargetPolicy targets, HostResolver resolver,
      io.hookstream.signing.SecretBox box, java.time.Duration secretGrace) {}

  public WebhooksApi(Catalog catalog, Auth auth, Settings settings, java.time.Clock clock,
      StoreQueries queries) {
    this.catalog = catalog;
    this.auth = auth;
    this.settings = settings;
    this.clock = clock;
    this.queries = queries;
  }

  public void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/webhooks", this::create);
    app.get("/v1/tenants/{tenant}/webhooks", this::list);
    app.get("/v1/tenants/{tenant}/webhooks/{id}", this::get);
    app.patch("/v1/tenants/{tenant}/webhooks/{id}", this::patch);
    app.delete("/v1/tenants/{tenant}/webhooks/{id}", this::delete);
    app.post("/v1/tenants/{tenant}/webhooks/{id}/rotate-secret", this::rotate);
  }

  private WebhookRequest request() {
    return new WebhookRequest(new WebhookRequest.Context(
        catalog.eventTypes().stream().map(EventType::name).toList(), settings.targets(),
        settings.resolver(), settings.box(), clock, settings.secretGrace()));
  }

  private void create(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    WebhookRequest.Result result = request().create(JsonInput.parse(ctx.bodyAsBytes()), tenant);
    catalog.putSubscription(result.subscription());
    ctx.status(201).json(WebhookView.of(result.subscription(), result.secret()));
  }

  private void patch(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription current = find(ctx, tenant);
    WebhookRequest.Result result = request().patch(JsonInput.parse(ctx.bodyAsBytes()), current);
    catalog.putSubscription(result.subscription());
    ctx.json(WebhookView.of(result.subscription(), result.secret()));
  }

  private void rotate(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription current = find(ctx, tenant);
    byte[] body = ctx.bodyAsBytes();
    JsonInput in = JsonInput.parse(body.length == 0 ? "{}".getBytes() : body);
    WebhookRequest.Result result = request().rotate(in, current);
    catalog.putSubscription(result.subscription());
    ctx.json(WebhookView.of(result.subscription(), result.secret()));
  }

  private void list(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    ctx.json(Page.of(ctx, catalog.subscriptions(tenant), s -> s.id().value(), WebhookView::of));
  }

  private void get(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = find(ctx, tenant);
    HealthView health = queries.health(sub.id())
        .map(h -> HealthView.of(h, clock.instant())).orElse(null);
    ctx.json(WebhookView.of(sub, null, health));
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
