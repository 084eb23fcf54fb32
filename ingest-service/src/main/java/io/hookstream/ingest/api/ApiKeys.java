package io.hookstream.ingest.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tenant API keys: {@code hsk_} + 32 random bytes, base64url. Only their SHA-256 is stored — keys
 * are random and long, so a fast hash is enough to make a leaked topic useless.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "hsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  public static String sha256Hex(String value) {
    return HexFormat.of().formatHex(sha256(value));
  }

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }
}
