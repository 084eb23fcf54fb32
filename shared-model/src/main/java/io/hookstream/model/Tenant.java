package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant: one customer of the product running Hookstream. Only the SHA-256 of its API key is
 * stored; the key itself is answered once, on creation or rotation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tenant(int v, TenantId id, String name, String apiKeyHash, Instant createdAt,
    Instant updatedAt, AutoDisablePolicy autoDisable) {
  public static final int VERSION = 1;

  public Tenant {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
  }

  public static Tenant create(TenantId id, String name, String apiKeyHash, Instant now) {
    return new Tenant(VERSION, id, name, apiKeyHash, now, now, null);
  }

  public Tenant withApiKeyHash(String newHash, Instant now) {
    return new Tenant(v, id, name, newHash, createdAt, now, autoDisable);
  }

  public Tenant withSettings(String newName, AutoDisablePolicy policy, Instant now) {
    return new Tenant(v, id, newName, apiKeyHash, createdAt, now, policy);
  }

  /** The tenant's auto-disable rules; {@link AutoDisablePolicy#DEFAULT} when never set. */
  public AutoDisablePolicy effectiveAutoDisable() {
    return autoDisable != null ? autoDisable : AutoDisablePolicy.DEFAULT;
  }
}
