package io.hookstream.ingest.tenants;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.ApiKeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/** {@code POST /v1/tenants} (admin) and {@code GET /v1/tenants/{tenant}}. */
public final class TenantsApi {
  private final Catalog catalog;
  private final Auth auth;
  private final Clock clock;

  public TenantsApi(Catalog catalog, Auth auth, Clock clock) {
    this.catalog = catalog;
    this.auth = auth;
    this.clock = clock;
  }

  /** A tenant as answered; {@code apiKey} only on creation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TenantView(String id, String name, Instant createdAt, Instant updatedAt,
      AutoDisableView autoDisable, String apiKey) {
    static TenantView of(Tenant t, String apiKey) {
      AutoDisablePolicy p = t.effectiveAutoDisable();
      return new TenantView(t.id().value(), t.name(), t.createdAt(), t.updatedAt(),
          new AutoDisableView(p.consecutiveFailedDeliveries(),
              p.failingFor() == null ? null : io.hookstream.config.Durations.format(p.failingFor())),
          apiKey);
    }
  }

  /** The tenant's auto-disable rules; an absent rule is off. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AutoDisableView(Integer consecutiveFailedDeliveries, String failingFor) {}

  public void register(Javalin app) {
    app.post("/v1/tenants", this::create);
    app.get("/v1/tenants/{tenant}", this::get);
    app.post("/v1/tenants/{tenant}/rotate-key", this::rotateKey);
    app.patch("/v1/tenants/{tenant}", this::patch);
  }

  /**
   * {@code {name?, autoDisable?: {consecutiveFailedDeliveries?, failingFor?}}}; a rule given as
   * null is off, both off means endpoints never switch themselves off.
   */
  private void patch(Context ctx) {
    TenantId id = auth.requireTenant(ctx);
    Tenant current = catalog.tenant(id).orElseThrow(() -> ApiException.notFound("tenant"));
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes()).allowOnly(Set.of("name", "autoDisable"));
    String name = in.optionalString("name", 200).orElse(current.name());
    AutoDisablePolicy policy = current.autoDisable();
    if (in.isExplicitNull("autoDisable")) {
      policy = null;
    } else if (in.has("autoDisable")) {
      policy = autoDisable(in.node("autoDisable"), current.effectiveAutoDisable());
    }
    Tenant changed = current.withSettings(name, policy, clock.instant());
    catalog.putTenant(changed);
    ctx.json(TenantView.of(changed, null));
  }

  private static AutoDisablePolicy autoDisable(com.fasterxml.jackson.databind.JsonNode node,
      AutoDisablePolicy current) {
    if (!node.isObject()) {
      throw JsonInput.wrongType("autoDisable", "an object {consecutiveFailedDeliveries, failingFor}");
    }
    JsonInput in = JsonInput.of((com.fasterxml.jackson.databind.node.ObjectNode) node, "autoDisable.")
        .allowOnly(Set.of("consecutiveFailedDeliveries", "failingFor"));
    Integer count = in.isExplicitNull("consecutiveFailedDeliveries") ? null
        : in.optionalInt("consecutiveFailedDeliveries", 1, 1_000_000)
            .orElse(current.consecutiveFailedDeliveries());
    java.time.Duration failingFor = current.failingFor();
    if (in.isExplicitNull("failingFor")) {
      failingFor = null;
    } else if (in.has("failingFor")) {
      String raw = in.requiredString("failingFor", 16);
      try {
        failingFor = io.hookstream.config.Durations.parse(raw);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("autoDisable.failingFor",
            "autoDisable.failingFor must be a duration like 30m, 12h or 5d");
      }
    }
    return new AutoDisablePolicy(count, failingFor);
  }

  /** A new API key, answered once; the old one stops working at once. */
  private void rotateKey(Context ctx) {
    TenantId id = auth.requireTenant(ctx);
    Tenant current = catalog.tenant(id).orElseThrow(() -> ApiException.notFound("tenant"));
    String apiKey = ApiKeys.generate();
    Tenant rotated = current.withApiKeyHash(ApiKeys.sha256Hex(apiKey), clock.instant());
    catalog.putTenant(rotated);
    ctx.json(TenantView.of(rotated, apiKey));
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
    String name = in.optionalString("name", 200).orElse(rawId);
    if (catalog.tenant(id).isPresent()) {
      throw new ApiException(409, "already_exists", "tenant " + rawId + " already exists", "id");
    }
    String apiKey = ApiKeys.generate();
    Tenant tenant = Tenant.create(id, name, ApiKeys.sha256Hex(apiKey), clock.instant());
    catalog.putTenant(tenant);
    ctx.status(201).json(TenantView.of(tenant, apiKey));
  }

  private void get(Context ctx) {
    TenantId id = auth.requireTenant(ctx);
    ctx.json(TenantView.of(catalog.tenant(id).orElseThrow(() -> ApiException.notFound("tenant")), null));
  }
}
