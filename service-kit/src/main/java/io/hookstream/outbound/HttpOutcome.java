package io.hookstream.outbound;

import java.time.Duration;

/**
 * What one HTTP attempt produced: a status (with the start of the body and any Retry-After), or no
 * response and the reason. {@code permanent} marks a refusal that no retry can fix.
 */
public record HttpOutcome(Integer status, String error, String response, Duration retryAfter,
    long durationMs, boolean permanent) {

  public static HttpOutcome response(int status, String response, Duration retryAfter, long durationMs) {
    return new HttpOutcome(status, null, response, retryAfter, durationMs, false);
  }

  public static HttpOutcome failure(String error, long durationMs) {
    return new HttpOutcome(null, error, null, null, durationMs, false);
  }

  public static HttpOutcome refused(String error) {
    return new HttpOutcome(null, error, null, null, 0, true);
  }

  /** {@code 2xx}, {@code 4xx}, ... or {@code none} when no response came: a bounded metric tag. */
  public String statusClass() {
    return status == null ? "none" : (status / 100) + "xx";
  }
}
