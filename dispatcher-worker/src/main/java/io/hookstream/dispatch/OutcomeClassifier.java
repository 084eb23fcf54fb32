package io.hookstream.dispatch;

import io.hookstream.outbound.HttpOutcome;
import java.time.Duration;

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
}
