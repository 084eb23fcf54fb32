package io.hookstream.dispatch;

import java.time.Duration;

/**
 * What one HTTP attempt produced: a status (with the start of the body and any Retry-After), or no
 * response and the reason. {@code permanent} marks a refusal that no retry can fix.
 */
record HttpOutcome(Integer status, String error, String response, Duration retryAfter,
    long durationMs, boolean permanent) {

  static HttpOutcome response(int status, String response, Duration retryAfter, long durationMs) {
    return new HttpOutcome(status, null, response, retryAfter, durationMs, false);
  }

  static HttpOutcome failure(String error, long durationMs) {
    return new HttpOutcome(null, error, null, null, durationMs, false);
  }

  static HttpOutcome refused(String error) {
    return new HttpOutcome(null, error, null, null, 0, true);
  }

  /** {@code 2xx}, {@code 4xx}, ... or {@code none} when no response came: a bounded metric tag. */
  String statusClass() {
    return status == null ? "none" : (status / 100) + "xx";
  }
}
