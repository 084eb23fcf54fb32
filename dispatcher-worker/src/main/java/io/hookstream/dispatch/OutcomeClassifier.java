package io.hookstream.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one place that decides what an attempt's outcome means. Success is any 2xx (redirects are
 * not followed: a 3xx is a failure, as Standard Webhooks says). 410 Gone disables the
 * subscription. Everything else is retried, honouring {@code Retry-After} on 429 and 503.
 */
final class OutcomeClassifier {
  private OutcomeClassifier() {}

  static Verdict classify(HttpOutcome outcome) {
    if (outcome.permanent()) {
      return new Verdict.Permanent();
    }
    Integer status = outcome.status();
    if (status == null) {
      return new Verdict.Retry(null);
    }
    if (status >= 200 && status < 300) {
      return new Verdict.Delivered();
    }
    if (status == 410) {
      return new Verdict.Gone();
    }
    if (status == 429 || status == 503) {
      return new Verdict.Retry(outcome.retryAfter());
    }
    return new Verdict.Retry(null);
  }

  /**
   * A {@code Retry-After} value as a wait from now: delay-seconds or an HTTP date. Absent, invalid
   * or past values give null.
   */
  static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      // not seconds: maybe a date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() || wait.isZero() ? null : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
