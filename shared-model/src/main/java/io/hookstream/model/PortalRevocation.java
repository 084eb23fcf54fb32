package io.hookstream.model;

import java.time.Instant;

/**
 * A revoked portal session, on {@code hookstream.portal-revocations} keyed by session id: its link
 * and cookie stop working everywhere at once, before {@code expiresAt}.
 */
public record PortalRevocation(int v, TenantId tenant, Instant revokedAt, Instant expiresAt) {
  public static final int VERSION = 1;

  public PortalRevocation {
    v = v == 0 ? VERSION : v;
  }
}
