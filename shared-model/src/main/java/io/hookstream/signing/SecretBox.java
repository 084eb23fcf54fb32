package io.hookstream.signing;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals signing secrets for storage in Kafka: AES-256-GCM with a random 96-bit nonce, bound to
 * the subscription by authenticated data, so a sealed value copied to another subscription does
 * not open. Written as {@code hsenc:v1:<base64(nonce | ciphertext | tag)>}.
 */
public final class SecretBox {
  public static final String PREFIX = "hsenc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes)");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  public static final String VARIABLE = "HOOKSTREAM_MASTER_KEY";

  /** {@code HOOKSTREAM_MASTER_KEY}: required; its value never appears in a message. */
  public static SecretBox fromEnv(Env env) {
    String raw = env.optional(VARIABLE).orElseThrow(() -> new ConfigException(VARIABLE, null,
        "must be set to the base64 of 32 random bytes (openssl rand -base64 32); it seals"
            + " webhook secrets at rest"));
    try {
      return fromBase64(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(VARIABLE, "<hidden>",
          "must be the base64 of 32 random bytes (openssl rand -base64 32)");
    }
  }

  /** From the base64 of 32 bytes, as kept in {@code HOOKSTREAM_MASTER_KEY}. */
  public static SecretBox fromBase64(String base64) {
    try {
      return new SecretBox(Base64.getDecoder().decode(base64.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the master key must be the base64 of 32 random bytes, e.g. from `openssl rand -base64 32`");
    }
  }

  public static String generateKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * 32 bytes only this master key yields for {@code context} (HMAC-SHA256 of it): a secret that
   * an idempotent retry of the same request can be answered again without storing it anywhere.
   */
  public byte[] derive(String context) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(("hookstream-derive:" + context).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is required by every JRE", e);
    }
  }

  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  public String seal(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every JRE", e);
    }
  }

  /**
   * The plaintext of a sealed value; an unsealed value is returned as it is.
   *
   * @throws IllegalStateException when the value was sealed with another key or context: the
   *     operator's master key is not the one the secret was sealed with
   */
  public String open(String value, String context) {
    if (!isSealed(value)) {
      return value;
    }
    byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES),
          StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException("a sealed secret does not open with this master key"
          + " (HOOKSTREAM_MASTER_KEY differs from the one that sealed it)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every JRE", e);
    }
  }
}
