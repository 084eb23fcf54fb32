package io.hookstream.outbound;

import io.hookstream.model.DeliveryPolicy;

/**
 * The one place that decides what an attempt's outcome means. Success is a status the policy
 * counts as delivered (any 2xx by default; redirects are not followed, so a 3xx is a failure, as
 * Standard Webhooks says). 410 Gone disables the subscription. Everything else is retried,
 * honouring {@code Retry-After} on 429 and 503. Pure.
 */
public final class OutcomeClassifier {
  private OutcomeClassifier() {}

  public static Verdict classify(HttpOutcome outcome, DeliveryPolicy policy) {
    if (outcome.permanent()) {
      return new Verdict.Permanent();
    }
    Integer status = outcome.status();
    if (status == null) {
      return new Verdict.Retry(null);
    }
    if (policy.delivered(status)) {
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
