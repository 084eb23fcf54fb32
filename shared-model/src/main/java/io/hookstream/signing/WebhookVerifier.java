package io.hookstream.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a Standard Webhooks request on the receiving side: the timestamp within the tolerance
 * (5 minutes by default) of the receiver's clock, and at least one {@code v1} signature matching
 * one of the receiver's secrets, compared in constant time.
 */
public final class WebhookVerifier {
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<String> secrets;
  private final Clock clock;
  private final Duration tolerance;

  public WebhookVerifier(List<String> secrets, Clock clock, Duration tolerance) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret");
    }
    this.secrets = List.copyOf(secrets);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  public static WebhookVerifier of(String secret) {
    return new WebhookVerifier(List.of(secret), Clock.systemUTC(), DEFAULT_TOLERANCE);
  }

  /**
   * Checks the request; {@code headers} are looked up case-insensitively.
   *
   * @throws WebhookVerificationException naming what is missing, stale or not matching
   */
  public void verify(Map<String, String> headers, byte[] body) throws WebhookVerificationException {
    String msgId = header(headers, StandardWebhooks.ID_HEADER);
    String timestamp = header(headers, StandardWebhooks.TIMESTAMP_HEADER);
    String signatures = header(headers, StandardWebhooks.SIGNATURE_HEADER);
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
    }
    Instant sent = Instant.ofEpochSecond(seconds);
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
      throw new WebhookVerificationException("webhook-timestamp is outside the tolerance");
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
