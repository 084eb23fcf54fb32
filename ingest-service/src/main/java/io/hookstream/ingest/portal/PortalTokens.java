package io.hookstream.ingest.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import io.hookstream.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Portal session tokens: {@code hsp_<payload>.<mac>}, the payload base64url JSON
 * ({@code sid, t, c, iat, exp}), the MAC HMAC-SHA256 over {@code hsp_<payload>} with a key derived
 * from the master key. Pure: no clock, no state; expiry and revocation are the caller's to check.
 * The CSRF token of a session is derived from its id with the same key, so any instance can check
 * it and none has to store it.
 */
public final class PortalTokens {
  static final String PREFIX = "hsp_";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  /** @param key 32 bytes, e.g. {@code SecretBox.derive("portal-sessions")} */
  public PortalTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a portal key needs at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public String issue(PortalSession session) {
    ObjectNode payload = Json.mapper().createObjectNode()
        .put("sid", session.id())
        .put("t", session.tenant().value())
        .put("iat", session.issuedAt().getEpochSecond())
        .put("exp", session.expiresAt().getEpochSecond());
    session.capabilities().stream().map(Capability::wireName).sorted()
        .forEach(payload.withArray("c")::add);
    String body = PREFIX + B64.encodeToString(Json.toBytes(payload));
    return body + "." + B64.encodeToString(mac(body));
  }

  /** The session a token carries, when the token is one of ours and intact. */
  public Optional<PortalSession> read(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 2048) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String body = token.substring(0, dot);
    try {
      byte[] given = B64D.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(body))) {
        return Optional.empty();
      }
      JsonNode p = Json.mapper().readTree(B64D.decode(body.substring(PREFIX.length())));
      Set<Capability> caps = EnumSet.of(Capability.VIEW);
      for (JsonNode c : p.path("c")) {
        Capability.parse(c.asText()).ifPresent(caps::add);
      }
      return Optional.of(new PortalSession(p.path("sid").asText(),
          TenantId.of(p.path("t").asText()), caps,
          Instant.ofEpochSecond(p.path("iat").asLong()),
          Instant.ofEpochSecond(p.path("exp").asLong())));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** The CSRF token of a session: sent in the page, asked back on every change. */
  public String csrf(String sessionId) {
    return B64.encodeToString(mac("csrf." + sessionId));
  }

  public boolean csrfMatches(String sessionId, String given) {
    return given != null && MessageDigest.isEqual(
        csrf(sessionId).getBytes(StandardCharsets.US_ASCII),
        given.getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
