package io.hookstream.signing;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a sequence of byte arrays, without concatenating them first. One {@link Mac}
 * per thread: looking the algorithm up for every signature showed in the dispatcher's profile.
 */
final class Hmac {
  private static final String ALGORITHM = "HmacSHA256";
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JRE", e);
    }
  });

  private Hmac() {}

  static byte[] sha256(byte[] key, byte[]... parts) {
    Mac mac = MACS.get();
    try {
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("unusable HMAC key", e);
    }
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }
}
