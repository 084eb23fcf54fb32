package io.hookstream.ingest.tenants;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.config.Durations;
import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.ApiKeys;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.Preconditions;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.catalog.CommandRefused;
import io.hookstream.ingest.webhooks.PolicyFields;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.retry.RetrySchedule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/tenants} (admin), {@code GET} and {@code PATCH /v1/tenants/{tenant}}: a tenant,
 * its API key, and the delivery policy its webhooks default to.
 */
public final class TenantsApi {
  private static final int MIN_TIMEOUT_MS = 1_000;
  private static final int MAX_TIMEOUT_MS = 30_000;

  private final Catalog catalog;
  private final Auth auth;
  private final Clock clock;
  private final RetrySchedule deployment;

  public TenantsApi(Catalog catalog, Auth auth, Clock clock, RetrySchedule deployment) {
    this.catalog = catalog;
    this.auth = auth;
    this.clock = clock;
    this.deployment = deployment;
  }

  /** A tenant as answered, with its webhooks' effective default policy; {@code apiKey} once. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TenantView(String id, String name, Instant createdAt, Instant updatedAt,
      RetrySchedule retrySchedule, int timeoutMs, List<Integer> successStatuses,
      AutoDisableView autoDisable, List<String> portalOrigins, long version, String apiKey) {
    static TenantView of(Tenant t, RetrySchedule deployment, String apiKey) {
      AutoDisablePolicy p = t.effectiveAutoDisable();
      return new TenantView(t.id().value(), t.name(), t.createdAt(), t.updatedAt(),
          t.retrySchedule() != null ? t.retrySchedule() : deployment,
          t.timeoutMs() != null ? t.timeoutMs() : DeliveryPolicy.DEFAULT_TIMEOUT_MS,
          t.successStatuses(),
          new AutoDisableView(p.consecutiveFailedDeliveries(),
              p.failingFor() == null ? null : Durations.format(p.failingFor()),
              p.consecutiveFailedAttempts()),
          t.portalOriginsOrNone(), Math.max(1, t.version()), apiKey);
    }
  }

  /** The auto-disable rules; an absent rule is off. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AutoDisableView(Integer consecutiveFailedDeliveries, String failingFor,
      Integer consecutiveFailedAttempts) {}

  public void register(Javalin app) {
    app.post("/v1/tenants", this::create);
    app.get("/v1/tenants", this::list);
    app.get("/v1/tenants/{tenant}", this::get);
    app.post("/v1/tenants/{tenant}/rotate-key", this::rotateKey);
    app.patch("/v1/tenants/{tenant}", this::patch);
  }

  /**
   * {@code {name?, retrySchedule?, timeoutMs?, successStatuses?, autoDisable?}}: null puts a field
   * back to the deployment's default; within {@code autoDisable} a rule given as null is off.
   */
  private void patch(Context ctx) {
    TenantId id = auth.requireTenant(ctx);
    Tenant current = catalog.tenant(id).orElseThrow(() -> ApiException.notFound("tenant"));
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(Set.of("name", "autoDisable",
        "retrySchedule", "timeoutMs", "successStatuses", "portalOrigins"));
    Tenant.Settings s = current.settings();
    String name = in.optionalLabel("name", 200).orElse(s.name());
    AutoDisablePolicy policy = s.autoDisable();
    if (in.isExplicitNull("autoDisable")) {
      policy = null;
    } else if (in.has("autoDisable")) {
      policy = PolicyFields.autoDisable(in.node("autoDisable"), current.effectiveAutoDisable(),
          "autoDisable");
    }
    RetrySchedule schedule = in.isExplicitNull("retrySchedule") ? null : in.has("retrySchedule")
        ? PolicyFields.retrySchedule(in.node("retrySchedule"), "retrySchedule")
        : s.retrySchedule();
    Integer timeout = in.isExplicitNull("timeoutMs") ? null
        : in.optionalInt("timeoutMs", MIN_TIMEOUT_MS, MAX_TIMEOUT_MS).orElse(s.timeoutMs());
    List<Integer> statuses = in.isExplicitNull("successStatuses") ? null
        : in.has("successStatuses")
            ? PolicyFields.successStatuses(in.node("successStatuses"), "successStatuses")
            : s.successStatuses();
    List<String> origins = in.isExplicitNull("portalOrigins") ? null
        : in.has("portalOrigins") ? portalOrigins(in) : s.portalOrigins();
    Tenant changed = current.withSettings(
        new Tenant.Settings(name, policy, schedule, timeout, statuses, origins), clock.instant());
    Tenant applied = catalog.changeTenant(current, changed, Preconditions.ifMatch(ctx));
    Preconditions.etag(ctx, applied.version());
    ctx.json(TenantView.of(applied, deployment, null));
  }

  /**
   * The origins that may frame the tenant's portal, as CSP source expressions: a scheme, a host
   * (its leftmost label may be {@code *}) and an optional port; https, or http for loopback.
   */
  private static List<String> portalOrigins(JsonInput in) {
    List<String> origins = in.optionalStringList("portalOrigins", 10, 200).orElse(List.of());
    for (String origin : origins) {
      boolean shaped = origin.matches("https://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")
          || origin.matches("http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?");
      if (!shaped) {
        throw ApiException.invalid("portalOrigins", "portalOrigins are origins like"
            + " https://app.example.com or https://*.example.com (http only for localhost),"
            + " without a path; not '" + origin + "'");
      }
    }
    return origins;
  }

  /** Admin: every tenant, in id order, paged. */
  private void list(Context ctx) {
    auth.requireAdmin(ctx);
    ctx.json(io.hookstream.ingest.api.Page.of(ctx, catalog.tenants(), t -> t.id().value(),
        t -> TenantView.of(t, deployment, null)));
  }

  /** A new API key, answered once; the old one stops working at once. */
  private void rotateKey(Context ctx) {
    TenantId id = auth.requireTenant(ctx);
    Tenant current = catalog.tenant(id).orElseThrow(() -> ApiException.notFound("tenant"));
    String apiKey = ApiKeys.generate();
    Tenant rotated = current.withApiKeyHash(ApiKeys.sha256Hex(apiKey), clock.instant());
    Tenant applied;
    try {
      // Two rotations at once must not both answer a key when only one works.
      applied = catalog.changeTenant(current, rotated, current.version());
    } catch (CommandRefused e) {
      if (e.status() != 412) {
        throw e;
      }
      throw new ApiException(409, "concurrent_change", "the tenant changed while its key was"
          + " being rotated; rotate again", null);
    }
    ctx.json(TenantView.of(applied, deployment, apiKey));
  }

  private void create(Context ctx) {
    auth.requireAdmin(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(Set.of("id", "name"));
    String rawId = in.requiredString("id", 64);
    if (!TenantId.isValid(rawId)) {
      throw ApiException.invalid("id",
          "id must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }
    TenantId id = TenantId.of(rawId);
    String name = in.optionalLabel("name", 200).orElse(rawId);
    if (catalog.tenant(id).isPresent()) {
      throw new ApiException(409, "already_exists", "tenant " + rawId + " already exists", "id");
    }
    String apiKey = ApiKeys.generate();
    Tenant tenant = catalog.createTenant(Tenant.create(id, name, ApiKeys.sha256Hex(apiKey),
        clock.instant()));
    Preconditions.etag(ctx, tenant.version());
    ctx.status(201).json(TenantView.of(tenant, deployment, apiKey));
  }

  private void get(Context ctx) {
    TenantId id = auth.requireTenant(ctx);
    Tenant tenant = catalog.tenant(id).orElseThrow(() -> ApiException.notFound("tenant"));
    Preconditions.etag(ctx, Math.max(1, tenant.version()));
    ctx.json(TenantView.of(tenant, deployment, null));
  }
}
