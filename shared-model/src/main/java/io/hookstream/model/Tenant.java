package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.retry.RetrySchedule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant: one customer of the product running Hookstream. Only the SHA-256 of its API key is
 * stored; the key itself is answered once, on creation or rotation. Its delivery policy fields are
 * the defaults of its webhooks that set none (absent: the deployment's). {@code version} counts its
 * changes, from 1, stamped by its owner (the router task of its partition). {@code portalOrigins}
 * are the origins that may frame its portal (the {@code frame-ancestors} of the portal's pages;
 * none: it may not be framed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tenant(int v, TenantId id, String name, String apiKeyHash, Instant createdAt,
    Instant updatedAt, AutoDisablePolicy autoDisable, RetrySchedule retrySchedule,
    Integer timeoutMs, List<Integer> successStatuses, long version, List<String> portalOrigins) {
  public static final int VERSION = 1;

  public Tenant {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
    successStatuses = successStatuses == null ? null : List.copyOf(successStatuses);
    portalOrigins = portalOrigins == null || portalOrigins.isEmpty() ? null
        : List.copyOf(portalOrigins);
  }

  public static Tenant create(TenantId id, String name, String apiKeyHash, Instant now) {
    return new Tenant(VERSION, id, name, apiKeyHash, now, now, null, null, null, null, 1,
        null);
  }

  public Tenant withApiKeyHash(String newHash, Instant now) {
    return new Tenant(v, id, name, newHash, createdAt, now, autoDisable, retrySchedule, timeoutMs,
        successStatuses, version, portalOrigins);
  }

  /**
   * The tenant's settings: its name, its webhooks' default delivery policy, the origins that may
   * frame its portal.
   */
  public record Settings(String name, AutoDisablePolicy autoDisable, RetrySchedule retrySchedule,
      Integer timeoutMs, List<Integer> successStatuses, List<String> portalOrigins) {}

  public Settings settings() {
    return new Settings(name, autoDisable, retrySchedule, timeoutMs, successStatuses,
        portalOrigins);
  }

  public Tenant withSettings(Settings s, Instant now) {
    return new Tenant(v, id, s.name(), apiKeyHash, createdAt, now, s.autoDisable(),
        s.retrySchedule(), s.timeoutMs(), s.successStatuses(), version, s.portalOrigins());
  }

  /** The origins that may frame the tenant's portal; empty: none. */
  public List<String> portalOriginsOrNone() {
    return portalOrigins == null ? List.of() : portalOrigins;
  }

  /** This tenant at {@code newVersion}, changed at {@code now}: its owner stamps every change. */
  public Tenant stamped(long newVersion, Instant now) {
    return new Tenant(v, id, name, apiKeyHash, createdAt, now, autoDisable, retrySchedule,
        timeoutMs, successStatuses, newVersion, portalOrigins);
  }

  /** The tenant's auto-disable rules; {@link AutoDisablePolicy#DEFAULT} when never set. */
  public AutoDisablePolicy effectiveAutoDisable() {
    return autoDisable != null ? autoDisable : AutoDisablePolicy.DEFAULT;
  }
}
