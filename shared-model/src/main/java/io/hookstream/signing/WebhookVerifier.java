package io.hookstream.signing;

import io.hookstream.model.SignatureProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a webhook request on the receiving side, for any signature profile. Standard Webhooks:
 * the timestamp within the tolerance (5 minutes by default) of the receiver's clock, and at least
 * one {@code v1} signature matching one of the receiver's secrets (with Ed25519, one {@code v1a}
 * signature valid for one of the receiver's public keys, {@code whpk_…}). Legacy profiles: the profile's
 * header matching the HMAC of the body (or of timestamp + body, with the same tolerance). Every
 * comparison is constant-time.
 */
public final class WebhookVerifier {
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final SignatureProfile profile;
  private final List<String> secrets;
  private final Clock clock;
  private final Duration tolerance;

  public WebhookVerifier(List<String> secrets, Clock clock, Duration tolerance) {
    this(SignatureProfile.STANDARD, secrets, clock, tolerance);
  }

  public WebhookVerifier(SignatureProfile profile, List<String> secrets, Clock clock,
      Duration tolerance) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret");
    }
    this.profile = Objects.requireNonNull(profile, "profile");
    this.secrets = List.copyOf(secrets);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  /** A Standard Webhooks verifier for one {@code whsec_} secret. */
  public static WebhookVerifier of(String secret) {
    return new WebhookVerifier(List.of(secret), Clock.systemUTC(), DEFAULT_TOLERANCE);
  }

  /** A verifier for a subscription's profile and secret. */
  public static WebhookVerifier of(SignatureProfile profile, String secret) {
    return new WebhookVerifier(profile, List.of(secret), Clock.systemUTC(), DEFAULT_TOLERANCE);
  }

  /**
   * Checks the request; {@code headers} are looked up case-insensitively.
   *
   * @throws WebhookVerificationException naming what is missing, stale or not matching
   */
  public void verify(Map<String, String> headers, byte[] body) throws WebhookVerificationException {
    if (!profile.scheme().standardHeaders()) {
      verifyLegacy(headers, body);
      return;
    }
    String msgId = header(headers, StandardWebhooks.ID_HEADER);
    String timestamp = header(headers, StandardWebhooks.TIMESTAMP_HEADER);
    String signatures = header(headers, StandardWebhooks.SIGNATURE_HEADER);
    long seconds = checkedTimestamp(timestamp, StandardWebhooks.TIMESTAMP_HEADER);
    if (profile.scheme().asymmetric()) {
      // The receiver's keys are public keys (whpk_), or signing keys whose public half is used.
      for (String key : secrets) {
        for (String candidate : signatures.split(" ")) {
          if (candidate.startsWith(Ed25519Keys.VERSION_PREFIX) && Ed25519Keys.verify(key,
              candidate.substring(Ed25519Keys.VERSION_PREFIX.length()), msgId, seconds, body)) {
            return;
          }
        }
      }
      throw new WebhookVerificationException("no matching signature");
    }
    for (String secret : secrets) {
      byte[] expected = StandardWebhooks.sign(secret, msgId, seconds, body)
          .getBytes(StandardCharsets.UTF_8);
      for (String candidate : signatures.split(" ")) {
        if (candidate.startsWith(StandardWebhooks.VERSION_PREFIX) && MessageDigest.isEqual(
            expected, candidate.getBytes(StandardCharsets.UTF_8))) {
          return;
        }
      }
    }
    throw new WebhookVerificationException("no matching signature");
  }

  private void verifyLegacy(Map<String, String> headers, byte[] body)
      throws WebhookVerificationException {
    String signature = header(headers, profile.header());
    long seconds = 0;
    if (profile.scheme() == SignatureProfile.Scheme.HMAC_SHA256_HEX_TIMESTAMP) {
      seconds = checkedTimestamp(header(headers, profile.timestampHeader()),
          profile.timestampHeader());
    }
    for (String secret : secrets) {
      String expected = WebhookSigner.legacy(profile.scheme(), secret, seconds, body);
      if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
          signature.trim().getBytes(StandardCharsets.UTF_8))) {
        return;
      }
    }
    throw new WebhookVerificationException("no matching signature");
  }

  private long checkedTimestamp(String value, String name) throws WebhookVerificationException {
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(name + " is not a number of seconds");
    }
    Instant sent = Instant.ofEpochSecond(seconds);
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
      throw new WebhookVerificationException(name + " is outside the tolerance");
    }
    return seconds;
  }

  static String header(Map<String, String> headers, String name)
      throws WebhookVerificationException {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
        return e.getValue();
      }
    }
    throw new WebhookVerificationException("missing header " + name);
  }
}
