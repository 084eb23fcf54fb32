package io.hookstream.ingest.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.ingest.web.SignedTokens;
import io.hookstream.json.Json;
import io.hookstream.model.TenantId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Portal session tokens: {@code hsp_<payload>.<mac>} ({@link SignedTokens}) with the claims
 * {@code sid, t, c, iat, exp}. The CSRF token of a session is derived from its id with the same
 * key, so any instance can check it and none stores it.
 */
public final class PortalTokens {
  static final String PREFIX = "hsp_";

  private final SignedTokens tokens;

  /** @param key 32 bytes, e.g. {@code SecretBox.derive("portal-sessions")} */
  public PortalTokens(byte[] key) {
    this.tokens = new SignedTokens(PREFIX, key);
  }

  public String issue(PortalSession session) {
    ObjectNode claims = Json.mapper().createObjectNode()
        .put("sid", session.id())
        .put("t", session.tenant().value())
        .put("iat", session.issuedAt().getEpochSecond())
        .put("exp", session.expiresAt().getEpochSecond());
    session.capabilities().stream().map(Capability::wireName).sorted()
        .forEach(claims.withArray("c")::add);
    return tokens.sign(claims);
  }

  /** The session a token carries, when the token is one of ours and intact. */
  public Optional<PortalSession> read(String token) {
    return tokens.verify(token).flatMap(PortalTokens::session);
  }

  private static Optional<PortalSession> session(JsonNode p) {
    if (!p.path("sid").isTextual() || !TenantId.isValid(p.path("t").asText())) {
      return Optional.empty();
    }
    Set<Capability> caps = EnumSet.of(Capability.VIEW);
    for (JsonNode c : p.path("c")) {
      Capability.parse(c.asText()).ifPresent(caps::add);
    }
    return Optional.of(new PortalSession(p.path("sid").asText(), TenantId.of(p.path("t").asText()),
        caps, Instant.ofEpochSecond(p.path("iat").asLong()),
        Instant.ofEpochSecond(p.path("exp").asLong())));
  }

  /** The CSRF token of a session: sent in the page, asked back on every change. */
  public String csrf(String sessionId) {
    return tokens.derive("csrf." + sessionId);
  }

  public boolean csrfMatches(String sessionId, String given) {
    return tokens.matches("csrf." + sessionId, given);
  }
}
