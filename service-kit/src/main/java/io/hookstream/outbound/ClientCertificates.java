package io.hookstream.outbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * One OkHttp client per distinct TLS client certificate, for endpoints that require mutual TLS.
 * Each is built once from the shared client (same dispatcher, SSRF guard, interceptors and
 * limits) with its own small connection pool: its connections carry that certificate, so they
 * could never be reused for anyone else, and they do not take the shared pool's room. A client
 * not used for {@link #IDLE} is dropped with its connections.
 */
public final class ClientCertificates {
  static final Duration IDLE = Duration.ofMinutes(10);
  private static final Pattern PEM_CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

  private final OkHttpClient base;
  private final Clock clock;
  private final Map<String, Entry> clients = new ConcurrentHashMap<>();

  private static final class Entry {
    final OkHttpClient client;
    volatile long lastUsed;

    Entry(OkHttpClient client, long now) {
      this.client = client;
      this.lastUsed = now;
    }
  }

  public ClientCertificates(OkHttpClient base, Clock clock) {
    this.base = base;
    this.clock = clock;
  }

  /** The client presenting this certificate (a PEM chain, leaf first) and PKCS#8 key. */
  OkHttpClient client(String certificatePem, String privateKeyPem, boolean verifyTls) {
    String id = fingerprint(certificatePem + "\n" + privateKeyPem + "\n" + verifyTls);
    long now = clock.millis();
    Entry entry = clients.computeIfAbsent(id, k -> new Entry(build(certificatePem,
        privateKeyPem, verifyTls), now));
    entry.lastUsed = now;
    evictIdle(now);
    return entry.client;
  }

  private void evictIdle(long now) {
    clients.entrySet().removeIf(e -> {
      boolean idle = now - e.getValue().lastUsed > IDLE.toMillis();
      if (idle) {
        e.getValue().client.connectionPool().evictAll();
      }
      return idle;
    });
  }

  /**
   * Checks that a certificate and key can be presented: the PEM parses, the key is PKCS#8 and
   * belongs to the certificate.
   *
   * @throws IllegalArgumentException naming what is wrong, without the key
   */
  public static void check(String certificatePem, String privateKeyPem) {
    held(certificatePem, privateKeyPem);
  }

  private OkHttpClient build(String certificatePem, String privateKeyPem, boolean verifyTls) {
    Held held = held(certificatePem, privateKeyPem);
    HandshakeCertificates.Builder handshake = new HandshakeCertificates.Builder()
        .heldCertificate(held.leaf(), held.intermediates());
    if (verifyTls) {
      handshake.addPlatformTrustedCertificates();
    }
    HandshakeCertificates certificates = handshake.build();
    X509TrustManager trust = verifyTls ? certificates.trustManager() : HttpClients.trustAll();
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(new KeyManager[] {certificates.keyManager()}, new TrustManager[] {trust}, null);
      OkHttpClient.Builder builder = base.newBuilder()
          .sslSocketFactory(tls.getSocketFactory(), trust)
          .connectionPool(new ConnectionPool(16, 1, TimeUnit.MINUTES));
      if (!verifyTls) {
        builder.hostnameVerifier((host, session) -> true);
      }
      return builder.build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is required by every JRE", e);
    }
  }

  private record Held(HeldCertificate leaf, X509Certificate[] intermediates) {}

  private static Held held(String certificatePem, String privateKeyPem) {
    List<String> blocks = new ArrayList<>();
    Matcher m = PEM_CERTIFICATE.matcher(certificatePem);
    while (m.find()) {
      blocks.add(m.group());
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("certificate must hold a PEM certificate"
          + " (-----BEGIN CERTIFICATE-----), the endpoint's client certificate first");
    }
    if (!privateKeyPem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException("privateKey must be a PKCS#8 PEM key"
          + " (-----BEGIN PRIVATE KEY-----); convert one with openssl pkcs8 -topk8 -nocrypt");
    }
    HeldCertificate leaf;
    try {
      leaf = HeldCertificate.decode(blocks.get(0) + "\n" + privateKeyPem.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the certificate or the key does not parse");
    }
    if (!belongTogether(leaf.keyPair().getPrivate(), leaf.certificate().getPublicKey())) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
    X509Certificate[] intermediates = new X509Certificate[blocks.size() - 1];
    for (int i = 1; i < blocks.size(); i++) {
      try {
        intermediates[i - 1] = Certificates.decodeCertificatePem(blocks.get(i));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("certificate " + (i + 1) + " of the chain does not"
            + " parse");
      }
    }
    return new Held(leaf, intermediates);
  }

  /** Whether a signature made with {@code key} verifies with {@code certified}. */
  private static boolean belongTogether(java.security.PrivateKey key,
      java.security.PublicKey certified) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
    };
    try {
      byte[] probe = "hookstream client certificate check".getBytes(StandardCharsets.UTF_8);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String fingerprint(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
