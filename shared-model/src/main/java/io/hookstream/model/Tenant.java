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
 * changes, from 1, stamped by its owner (the router task of its partition).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tenant(int v, TenantId id, String name, String apiKeyHash, Instant createdAt,
    Instant updatedAt, AutoDisablePolicy autoDisable, RetrySchedule retrySchedule,
    Integer timeoutMs, List<Integer> successStatuses, long version) {
  public static final int VERSION = 1;

  public Tenant {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
    successStatuses = successStatuses == null ? null : List.copyOf(successStatuses);
  }

  public static Tenant create(TenantId id, String name, String apiKeyHash, Instant now) {
    return new Tenant(VERSION, id, name, apiKeyHash, now, now, null, null, null, null, 1);
  }

  public Tenant withApiKeyHash(String newHash, Instant now) {
    return new Tenant(v, id, name, newHash, createdAt, now, autoDisable, retrySchedule, timeoutMs,
        successStatuses, version);
  }

  /** The tenant's settings: its name and its webhooks' default delivery policy. */
  public record Settings(String name, AutoDisablePolicy autoDisable, RetrySchedule retrySchedule,
      Integer timeoutMs, List<Integer> successStatuses) {}

  public Settings settings() {
    return new Settings(name, autoDisable, retrySchedule, timeoutMs, successStatuses);
  }

  public Tenant withSettings(Settings s, Instant now) {
    return new Tenant(v, id, s.name(), apiKeyHash, createdAt, now, s.autoDisable(),
        s.retrySchedule(), s.timeoutMs(), s.successStatuses(), version);
  }

  /** This tenant at {@code newVersion}, changed at {@code now}: its owner stamps every change. */
  public Tenant stamped(long newVersion, Instant now) {
    return new Tenant(v, id, name, apiKeyHash, createdAt, now, autoDisable, retrySchedule,
        timeoutMs, successStatuses, newVersion);
  }

  /** The tenant's auto-disable rules; {@link AutoDisablePolicy#DEFAULT} when never set. */
  public AutoDisablePolicy effectiveAutoDisable() {
    return autoDisable != null ? autoDisable : AutoDisablePolicy.DEFAULT;
  }
}
