package io.hookstream.ingest.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that carry their own claims: {@code <prefix><payload>.<mac>}, the payload base64url
 * JSON, the MAC HMAC-SHA256 of {@code <prefix><payload>} under a key derived from the master key,
 * so any instance can check one and none has to store it. Pure: expiry is the caller's.
 */
public final class SignedTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int MAX_TOKEN = 2048;

  private final String prefix;
  private final SecretKeySpec key;

  /** @param key at least 32 bytes, e.g. {@code SecretBox.derive("portal-sessions")} */
  public SignedTokens(String prefix, byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a token key needs at least 32 bytes");
    }
    this.prefix = prefix;
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public String sign(ObjectNode claims) {
    String body = prefix + B64.encodeToString(Json.toBytes(claims));
    return body + "." + B64.encodeToString(mac(body));
  }

  /** The claims of a token of ours that nobody changed. */
  public Optional<JsonNode> verify(String token) {
    if (token == null || !token.startsWith(prefix) || token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String body = token.substring(0, dot);
    try {
      if (!MessageDigest.isEqual(B64D.decode(token.substring(dot + 1)), mac(body))) {
        return Optional.empty();
      }
      return Optional.of(Json.mapper().readTree(B64D.decode(body.substring(prefix.length()))));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** A value only this key gives for {@code text}, base64url: e.g. a session's CSRF token. */
  public String derive(String text) {
    return B64.encodeToString(mac(text));
  }

  /** Whether {@code given} is {@link #derive}{@code (text)}, compared in constant time. */
  public boolean matches(String text, String given) {
    return given != null && MessageDigest.isEqual(derive(text).getBytes(StandardCharsets.US_ASCII),
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
