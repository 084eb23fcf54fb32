package io.hookstream.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code Retry-After}: delay-seconds or an HTTP date, as a wait from now. Pure given the clock. */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait, or null when absent, invalid or already past. */
  public static Duration parse(String value, Clock clock) {
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
