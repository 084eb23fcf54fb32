package io.hookstream.ingest.portal;

import io.hookstream.model.TenantId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A tenant's portal session: who it is for, what it may do, until when. Carried in a signed
 * token ({@link PortalTokens}), so every ingest instance can check it without shared state;
 * revocation is the one thing kept ({@code hookstream.portal-revocations}).
 */
public record PortalSession(String id, TenantId tenant, Set<Capability> capabilities,
    Instant issuedAt, Instant expiresAt) {
  public PortalSession {
    EnumSet<Capability> caps = EnumSet.of(Capability.VIEW);
    caps.addAll(capabilities);
    capabilities = Set.copyOf(caps);
  }

  public boolean allows(Capability capability) {
    return capabilities.contains(capability);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
