package io.hookstream.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Standard Webhooks' asymmetric signatures ({@code v1a}), in Svix's key layout so existing
 * verifiers work: a signing key is {@code whsk_} + base64 of 64 bytes (the 32-byte seed, then the
 * public key), a public key {@code whpk_} + base64 of its 32 bytes. The signature is
 * {@code v1a,<base64 of the 64-byte Ed25519 signature of "{id}.{timestamp}.{body}">}. Signed and
 * verified with the JDK's own Ed25519 (JDK 15+).
 */
public final class Ed25519Keys {
  public static final String SECRET_PREFIX = "whsk_";
  public static final String PUBLIC_PREFIX = "whpk_";
  public static final String VERSION_PREFIX = "v1a,";
  private static final int SEED_BYTES = 32;
  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519, before the 32 key bytes. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Parsed signing keys by their text: a key is parsed once, not on every request. */
  private static final Map<String, KeyPair> PARSED = new ConcurrentHashMap<>();
  private static final int MAX_PARSED = 10_000;

  private Ed25519Keys() {}

  /** A new signing key, {@code whsk_…}. */
  public static String generate() {
    byte[] seed = new byte[SEED_BYTES];
    RANDOM.nextBytes(seed);
    return fromSeed(seed);
  }

  /** The signing key of this 32-byte seed, {@code whsk_…}. */
  public static String fromSeed(byte[] seed) {
    if (seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    byte[] out = new byte[2 * SEED_BYTES];
    System.arraycopy(seed, 0, out, 0, SEED_BYTES);
    System.arraycopy(rawPublic(pair(seed).getPublic()), 0, out, SEED_BYTES, SEED_BYTES);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(out);
  }

  /**
   * A signing key as given on import, normalized to {@code whsk_…}: {@code whsk_} + base64 of 64
   * bytes whose second half is the first half's public key, or base64 of a bare 32-byte seed
   * (with or without the prefix).
   *
   * @throws IllegalArgumentException when it is neither, or its halves do not belong together
   */
  public static String normalize(String key) {
    String body = key.startsWith(SECRET_PREFIX) ? key.substring(SECRET_PREFIX.length()) : key;
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64");
    }
    if (bytes.length == SEED_BYTES) {
      return fromSeed(bytes);
    }
    if (bytes.length != 2 * SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 signing key is 64 bytes (seed and public"
          + " key) or a 32-byte seed, not " + bytes.length);
    }
    String normal = fromSeed(Arrays.copyOf(bytes, SEED_BYTES));
    if (!Arrays.equals(Base64.getDecoder().decode(normal.substring(SECRET_PREFIX.length())),
        bytes)) {
      throw new IllegalArgumentException("the public key half does not belong to the seed");
    }
    return normal;
  }

  /** Whether {@code key} is a well-formed signing key in the stored form. */
  public static boolean isSigningKey(String key) {
    try {
      return key.startsWith(SECRET_PREFIX) && normalize(key).equals(key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The public key of a signing key, {@code whpk_…}. */
  public static String publicKey(String signingKey) {
    byte[] bytes = Base64.getDecoder().decode(signingKey.substring(SECRET_PREFIX.length()));
    return PUBLIC_PREFIX + Base64.getEncoder().encodeToString(
        Arrays.copyOfRange(bytes, SEED_BYTES, 2 * SEED_BYTES));
  }

  /** The {@code v1a,<base64>} signature of one message with one signing key. */
  public static String sign(String signingKey, String msgId, long timestampSeconds, byte[] body) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(parsed(signingKey).getPrivate());
      signer.update((msgId + '.' + timestampSeconds + '.').getBytes(StandardCharsets.UTF_8));
      signer.update(body);
      return VERSION_PREFIX + Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The {@code webhook-signature} value: one {@code v1a} signature per key, space-separated. */
  public static String signatureHeader(List<String> signingKeys, String msgId,
      long timestampSeconds, byte[] body) {
    StringBuilder out = new StringBuilder();
    for (String key : signingKeys) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(sign(key, msgId, timestampSeconds, body));
    }
    return out.toString();
  }

  /**
   * Whether {@code signature} (the base64 after {@code v1a,}) is a valid signature of the
   * message by {@code publicKey} ({@code whpk_…}, or a signing key, whose public half is used).
   */
  public static boolean verify(String publicKey, String signature, String msgId,
      long timestampSeconds, byte[] body) {
    String pk = publicKey.startsWith(SECRET_PREFIX) ? publicKey(publicKey) : publicKey;
    if (!pk.startsWith(PUBLIC_PREFIX)) {
      throw new IllegalArgumentException("a public key is whpk_ followed by base64");
    }
    try {
      byte[] raw = Base64.getDecoder().decode(pk.substring(PUBLIC_PREFIX.length()));
      byte[] sig = Base64.getDecoder().decode(signature);
      if (raw.length != SEED_BYTES || sig.length != 64) {
        return false;
      }
      byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + SEED_BYTES);
      System.arraycopy(raw, 0, der, X509_PREFIX.length, SEED_BYTES);
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
          new X509EncodedKeySpec(der));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update((msgId + '.' + timestampSeconds + '.').getBytes(StandardCharsets.UTF_8));
      verifier.update(body);
      return verifier.verify(sig);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyPair parsed(String signingKey) {
    KeyPair pair = PARSED.get(signingKey);
    if (pair != null) {
      return pair;
    }
    byte[] bytes = Base64.getDecoder().decode(signingKey.substring(SECRET_PREFIX.length()));
    pair = pair(Arrays.copyOf(bytes, SEED_BYTES));
    if (PARSED.size() >= MAX_PARSED) {
      PARSED.clear();
    }
    PARSED.put(signingKey, pair);
    return pair;
  }

  /** The key pair of a seed: the JDK derives it when its generator draws exactly that seed. */
  private static KeyPair pair(byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
        @Override
        public void nextBytes(byte[] bytes) {
          System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
      });
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  private static byte[] rawPublic(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - SEED_BYTES, der.length);
  }
}
