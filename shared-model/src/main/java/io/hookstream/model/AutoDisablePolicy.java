package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * When endpoints switch themselves off. Any rule may be absent; all absent means never. The
 * default: after 5 consecutive failed deliveries.
 *
 * @param consecutiveFailedDeliveries deliveries in a row that ended failed (retries used up, 410,
 *     refused); a delivered one starts the count again
 * @param failingFor how long an endpoint may fail without a single success
 * @param consecutiveFailedAttempts requests in a row that failed, retried or not (as Dastra
 *     documents: blocked after 5 failed requests)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoDisablePolicy(Integer consecutiveFailedDeliveries, Duration failingFor,
    Integer consecutiveFailedAttempts) {
  public static final AutoDisablePolicy DEFAULT = new AutoDisablePolicy(5, null, null);
  /** The shortest {@code failingFor} accepted: shorter would disable on a blip. */
  public static final Duration MIN_FAILING_FOR = Duration.ofMinutes(1);

  /** The reason to disable, or null when the endpoint may stay enabled. Pure. */
  public String breachedBy(EndpointHealth health, java.time.Instant now) {
    if (consecutiveFailedDeliveries != null
        && health.consecutiveFailedDeliveries() >= consecutiveFailedDeliveries) {
      return health.consecutiveFailedDeliveries() + " consecutive failed deliveries";
    }
    if (consecutiveFailedAttempts != null
        && health.consecutiveFailedAttempts() >= consecutiveFailedAttempts) {
      return health.consecutiveFailedAttempts() + " consecutive failed attempts";
    }
    if (failingFor != null && health.failingSince() != null
        && !health.failingSince().plus(failingFor).isAfter(now)) {
      return "failing without a success since " + health.failingSince();
    }
    return null;
  }
}
