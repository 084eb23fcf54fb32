package io.hookstream.signing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Standard Webhooks secrets: {@code whsec_} followed by the base64 of the key bytes. */
public final class WebhookSecrets {
  public static final String PREFIX = "whsec_";
  public static final int GENERATED_KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A new secret of {@value #GENERATED_KEY_BYTES} random bytes. */
  public static String generate() {
    byte[] key = new byte[GENERATED_KEY_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** A secret made of the given key bytes (e.g. derived for an idempotent request). */
  public static String of(byte[] key) {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The HMAC key of a secret: the base64-decoded part after {@code whsec_}. A secret without the
   * prefix is taken as its UTF-8 bytes, as the legacy schemes and many receivers do.
   */
  public static byte[] keyOf(String secret) {
    if (secret.startsWith(PREFIX)) {
      return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** True when {@code secret} is {@code whsec_} + valid base64 of 24 to 64 bytes. */
  public static boolean isStandard(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return false;
    }
    try {
      int length = Base64.getDecoder().decode(secret.substring(PREFIX.length())).length;
      return length >= 24 && length <= 64;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
