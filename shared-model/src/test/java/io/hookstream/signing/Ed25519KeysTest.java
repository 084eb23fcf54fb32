package io.hookstream.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.model.SignatureProfile;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code v1a} signatures: Svix's published vector, keys as Svix lays them out, and every
 * signature checked by an Ed25519 verifier written here from RFC 8032 (section 5.1.7), not the
 * JDK's.
 */
class Ed25519KeysTest {
  /** From svix-webhooks, server/svix-server/src/worker.rs, test_asymmetric_key_signing. */
  static final String SVIX_KEY =
      "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
  static final String SVIX_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SVIX_TIMESTAMP = 1614265330L;
  static final String SVIX_BODY = "{\"test\": 2432232314}";
  static final String SVIX_SIGNATURE =
      "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";

  @Test
  void signsSvixsPublishedVectorExactly() {
    assertThat(Ed25519Keys.sign(SVIX_KEY, SVIX_MSG_ID, SVIX_TIMESTAMP,
        SVIX_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SVIX_SIGNATURE);
    assertThat(Rfc8032.verify(raw(Ed25519Keys.publicKey(SVIX_KEY)),
        (SVIX_MSG_ID + "." + SVIX_TIMESTAMP + "." + SVIX_BODY).getBytes(StandardCharsets.UTF_8),
        Base64.getDecoder().decode(SVIX_SIGNATURE.substring(4)))).isTrue();
  }

  @Test
  void keysAreSvixsLayoutAndASeedIsAcceptedOnImport() {
    byte[] all = Base64.getDecoder().decode(SVIX_KEY.substring(5));
    byte[] seed = Arrays.copyOf(all, 32);
    // The public half is the seed's public key, by RFC 8032's derivation.
    assertThat(Arrays.copyOfRange(all, 32, 64)).isEqualTo(Rfc8032.publicKey(seed));
    assertThat(Ed25519Keys.publicKey(SVIX_KEY)).isEqualTo("whpk_"
        + Base64.getEncoder().encodeToString(Arrays.copyOfRange(all, 32, 64)));
    assertThat(Ed25519Keys.normalize(SVIX_KEY)).isEqualTo(SVIX_KEY);
    String bareSeed = Base64.getEncoder().encodeToString(seed);
    assertThat(Ed25519Keys.normalize(bareSeed)).isEqualTo(SVIX_KEY);
    assertThat(Ed25519Keys.normalize("whsk_" + bareSeed)).isEqualTo(SVIX_KEY);
    assertThat(Ed25519Keys.fromSeed(seed)).isEqualTo(SVIX_KEY);

    byte[] mismatched = all.clone();
    mismatched[63] ^= 1;
    assertThatThrownBy(() -> Ed25519Keys.normalize("whsk_"
        + Base64.getEncoder().encodeToString(mismatched))).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> Ed25519Keys.normalize(SVIX_KEY.substring(0, SVIX_KEY.length() - 3)))
        .isInstanceOf(IllegalArgumentException.class); // Svix's "bad SK": cut short
    assertThatThrownBy(() -> Ed25519Keys.normalize("whsk_AAAA"))
        .hasMessageContaining("64 bytes");
    assertThat(Ed25519Keys.isSigningKey(SVIX_KEY)).isTrue();
    assertThat(Ed25519Keys.isSigningKey(bareSeed)).isFalse();
  }

  @Test
  void generatedKeysSignWhatAnIndependentVerifierAccepts() {
    String key = Ed25519Keys.generate();
    assertThat(Ed25519Keys.isSigningKey(key)).isTrue();
    byte[] body = "{\"type\":\"order.created\"}".getBytes(StandardCharsets.UTF_8);
    String sig = Ed25519Keys.sign(key, "evt_1", 1_700_000_000L, body);
    byte[] message = ("evt_1.1700000000." + new String(body, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    byte[] signature = Base64.getDecoder().decode(sig.substring(4));
    assertThat(Rfc8032.verify(raw(Ed25519Keys.publicKey(key)), message, signature)).isTrue();
    message[0] ^= 1;
    assertThat(Rfc8032.verify(raw(Ed25519Keys.publicKey(key)), message, signature)).isFalse();
  }

  @Test
  void duringARotationBothKeysSignAndAReceiverWithEitherPublicKeyVerifies() throws Exception {
    String next = Ed25519Keys.generate();
    String previous = Ed25519Keys.generate();
    byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    long now = 1_796_040_000L;
    Map<String, String> headers = WebhookSigner.headers(SignatureProfile.ED25519,
        List.of(next, previous), "evt_r", now, body);
    String[] sigs = headers.get("webhook-signature").split(" ");
    assertThat(sigs).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1a,"));
    Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    for (String key : List.of(next, previous)) {
      new WebhookVerifier(SignatureProfile.ED25519, List.of(Ed25519Keys.publicKey(key)), clock,
          Duration.ofMinutes(5)).verify(headers, body);
    }
    assertThatThrownBy(() -> new WebhookVerifier(SignatureProfile.ED25519,
        List.of(Ed25519Keys.publicKey(Ed25519Keys.generate())), clock, Duration.ofMinutes(5))
        .verify(headers, body)).isInstanceOf(WebhookVerificationException.class);
  }

  static byte[] raw(String publicKey) {
    return Base64.getDecoder().decode(publicKey.substring(5));
  }

  /** Ed25519 verification and key derivation as RFC 8032 section 6 writes them, in BigIntegers. */
  static final class Rfc8032 {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger Q = BigInteger.TWO.pow(252)
        .add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665)
        .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE)
        .divide(BigInteger.valueOf(4)), P);
    static final BigInteger[] G;

    static {
      BigInteger gy = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
      BigInteger gx = recoverX(gy, 0);
      G = new BigInteger[] {gx, gy, BigInteger.ONE, gx.multiply(gy).mod(P)};
    }

    static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
      BigInteger pa = a[1].subtract(a[0]).multiply(b[1].subtract(b[0])).mod(P);
      BigInteger pb = a[1].add(a[0]).multiply(b[1].add(b[0])).mod(P);
      BigInteger c = BigInteger.TWO.multiply(a[3]).multiply(b[3]).multiply(D).mod(P);
      BigInteger d = BigInteger.TWO.multiply(a[2]).multiply(b[2]).mod(P);
      BigInteger e = pb.subtract(pa);
      BigInteger f = d.subtract(c);
      BigInteger g = d.add(c);
      BigInteger h = pb.add(pa);
      return new BigInteger[] {e.multiply(f), g.multiply(h), f.multiply(g), e.multiply(h)};
    }

    static BigInteger[] mul(BigInteger s, BigInteger[] point) {
      BigInteger[] q = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
      BigInteger[] p = point;
      while (s.signum() > 0) {
        if (s.testBit(0)) {
          q = add(q, p);
        }
        p = add(p, p);
        s = s.shiftRight(1);
      }
      return q;
    }

    static boolean equal(BigInteger[] a, BigInteger[] b) {
      return a[0].multiply(b[2]).subtract(b[0].multiply(a[2])).mod(P).signum() == 0
          && a[1].multiply(b[2]).subtract(b[1].multiply(a[2])).mod(P).signum() == 0;
    }

    static BigInteger recoverX(BigInteger y, int sign) {
      if (y.compareTo(P) >= 0) {
        return null;
      }
      BigInteger x2 = y.multiply(y).subtract(BigInteger.ONE)
          .multiply(D.multiply(y).multiply(y).add(BigInteger.ONE).modInverse(P)).mod(P);
      if (x2.signum() == 0) {
        return sign == 1 ? null : BigInteger.ZERO;
      }
      BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).divide(BigInteger.valueOf(8)), P);
      if (x.multiply(x).subtract(x2).mod(P).signum() != 0) {
        x = x.multiply(SQRT_M1).mod(P);
      }
      if (x.multiply(x).subtract(x2).mod(P).signum() != 0) {
        return null;
      }
      if ((x.testBit(0) ? 1 : 0) != sign) {
        x = P.subtract(x);
      }
      return x;
    }

    static BigInteger[] decompress(byte[] s) {
      BigInteger y = littleEndian(s);
      int sign = y.testBit(255) ? 1 : 0;
      y = y.clearBit(255);
      BigInteger x = recoverX(y, sign);
      return x == null ? null : new BigInteger[] {x, y, BigInteger.ONE, x.multiply(y).mod(P)};
    }

    static byte[] compress(BigInteger[] point) {
      BigInteger zinv = point[2].modInverse(P);
      BigInteger x = point[0].multiply(zinv).mod(P);
      BigInteger y = point[1].multiply(zinv).mod(P);
      BigInteger v = x.testBit(0) ? y.setBit(255) : y;
      byte[] out = new byte[32];
      byte[] be = v.toByteArray();
      for (int i = 0; i < 32 && i < be.length; i++) {
        out[i] = be[be.length - 1 - i];
      }
      return out;
    }

    static byte[] publicKey(byte[] seed) {
      byte[] h = sha512(seed);
      byte[] a = Arrays.copyOf(h, 32);
      a[0] &= (byte) 248;
      a[31] &= 127;
      a[31] |= 64;
      return compress(mul(littleEndian(a), G));
    }

    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
      BigInteger[] a = decompress(publicKey);
      byte[] rs = Arrays.copyOf(signature, 32);
      BigInteger[] r = decompress(rs);
      if (a == null || r == null) {
        return false;
      }
      BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64));
      if (s.compareTo(Q) >= 0) {
        return false;
      }
      byte[] all = new byte[32 + 32 + message.length];
      System.arraycopy(rs, 0, all, 0, 32);
      System.arraycopy(publicKey, 0, all, 32, 32);
      System.arraycopy(message, 0, all, 64, message.length);
      BigInteger h = littleEndian(sha512(all)).mod(Q);
      return equal(mul(s, G), add(r, mul(h, a)));
    }

    static BigInteger littleEndian(byte[] bytes) {
      byte[] be = new byte[bytes.length + 1];
      for (int i = 0; i < bytes.length; i++) {
        be[bytes.length - i] = bytes[i];
      }
      return new BigInteger(be);
    }

    static byte[] sha512(byte[] in) {
      try {
        return MessageDigest.getInstance("SHA-512").digest(in);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
