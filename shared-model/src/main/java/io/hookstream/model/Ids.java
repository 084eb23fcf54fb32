package io.hookstream.model;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Id suffixes in Crockford base32: 10 characters of milliseconds since the epoch, then 16 random
 * characters (80 bits), so ids sort by creation time and never collide in practice.
 */
final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private Ids() {}

  static String generate(String prefix, Clock clock) {
    char[] out = new char[26];
    long millis = clock.millis();
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 10; i < 26; i++) {
      out[i] = ALPHABET[random.nextInt(32)];
    }
    return prefix + new String(out);
  }

  /** The first {@code length} base32 characters of {@code bytes} (5 bits each). */
  static String base32(byte[] bytes, int length) {
    StringBuilder out = new StringBuilder(length);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < bytes.length && out.length() < length; i++) {
      buffer = (buffer << 8) | (bytes[i] & 0xff);
      bits += 8;
      while (bits >= 5 && out.length() < length) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return out.toString();
  }
}
