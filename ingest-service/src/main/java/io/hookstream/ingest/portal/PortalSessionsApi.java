package io.hookstream.ingest.portal;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.web.Pages;
import io.hookstream.model.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Portal links for a tenant's own users: {@code POST /v1/tenants/{t}/portal-sessions}
 * {@code {capabilities?, expiresIn?}} answers {@code {id, url, expiresAt, capabilities}};
 * {@code DELETE …/portal-sessions/{id}} revokes one. Made by the product's backend with its
 * tenant key or the admin token; a portal session cannot make another.
 */
public final class PortalSessionsApi {
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  static final Duration MAX_LIFETIME = Duration.ofDays(7);
  /** Short links are for a page opened at once, e.g. right after the product made one. */
  static final Duration MIN_LIFETIME = Duration.ofSeconds(10);
  private static final String ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Auth auth;
  private final PortalAccess access;
  private final PortalRevocations revocations;
  private final Clock clock;

  public PortalSessionsApi(Auth auth, PortalAccess access, PortalRevocations revocations,
      Clock clock) {
    this.auth = auth;
    this.access = access;
    this.revocations = revocations;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/portal-sessions", this::create);
    app.delete("/v1/tenants/{tenant}/portal-sessions/{id}", this::revoke);
  }

  private void create(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    byte[] raw = ctx.bodyAsBytes();
    JsonInput in = JsonInput.parse(raw.length == 0 ? "{}".getBytes() : raw)
        .allowOnly(Set.of("capabilities", "expiresIn"));
    Set<Capability> caps = EnumSet.of(Capability.VIEW);
    for (String name : in.optionalStringList("capabilities", 8, 32).orElse(List.of())) {
      caps.add(Capability.parse(name).orElseThrow(() -> ApiException.invalid("capabilities",
          "capabilities are view, manage-endpoints, view-secrets, send-tests and replay; not '"
              + name + "'")));
    }
    long seconds = lifetime(in).toSeconds();
    Instant now = clock.instant();
    PortalSession session = new PortalSession(newId(), tenant, caps, now,
        now.plusSeconds(seconds));
    String token = access.tokens().issue(session);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", session.id());
    out.put("url", base(ctx) + "/portal/start?token=" + token);
    out.put("expiresAt", session.expiresAt());
    out.put("capabilities", session.capabilities().stream().map(Capability::wireName).sorted()
        .toList());
    ctx.status(201).json(out);
  }

  /**
   * Revokes a session of this tenant. Sessions are not stored, so any well-formed id of the
   * tenant is accepted: revoking one that never existed changes nothing.
   */
  private void revoke(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    String id = ctx.pathParam("id");
    if (!id.matches("ps_[0-9a-z]{20}")) {
      throw ApiException.notFound("portal session");
    }
    Instant now = clock.instant();
    // Sessions are not stored: kept as long as any session can last.
    revocations.revoke(id, tenant, now, now.plus(MAX_LIFETIME));
    ctx.status(204);
  }

  /** {@code expiresIn}: seconds, or a duration like {@code "2h"} or {@code "7d"}. */
  private static Duration lifetime(JsonInput in) {
    if (!in.has("expiresIn")) {
      return DEFAULT_LIFETIME;
    }
    com.fasterxml.jackson.databind.JsonNode node = in.node("expiresIn");
    Duration lifetime = null;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      lifetime = Duration.ofSeconds(node.asLong());
    } else if (node.isTextual()) {
      try {
        lifetime = io.hookstream.config.Durations.parse(node.asText());
      } catch (IllegalArgumentException e) {
        lifetime = null;
      }
    }
    if (lifetime == null || lifetime.compareTo(MIN_LIFETIME) < 0
        || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw ApiException.invalid("expiresIn", "expiresIn is seconds from 10 to 604800, or a"
          + " duration like \"2h\" or \"7d\" (at most 7 days)");
    }
    return lifetime;
  }

  /** Where this API is reached, as the caller reached it. */
  private static String base(Context ctx) {
    return (Pages.https(ctx) ? "https" : "http") + "://" + ctx.host();
  }

  private static String newId() {
    StringBuilder b = new StringBuilder("ps_");
    for (int i = 0; i < 20; i++) {
      b.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return b.toString();
  }
}
