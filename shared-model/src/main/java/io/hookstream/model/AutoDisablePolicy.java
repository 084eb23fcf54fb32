package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * When a tenant's endpoints switch themselves off. Either rule may be absent; both absent means
 * never. The default: after 5 consecutive failed deliveries (the Dastra seed's rule).
 *
 * @param consecutiveFailedDeliveries deliveries in a row that ended failed (retries used up, 410,
 *     refused); a delivered one starts the count again
 * @param failingFor how long an endpoint may fail without a single success
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoDisablePolicy(Integer consecutiveFailedDeliveries, Duration failingFor) {
  public static final AutoDisablePolicy DEFAULT = new AutoDisablePolicy(5, null);

  /** The reason to disable, or null when the endpoint may stay enabled. Pure. */
  public String breachedBy(EndpointHealth health, java.time.Instant now) {
    if (consecutiveFailedDeliveries != null
        && health.consecutiveFailedDeliveries() >= consecutiveFailedDeliveries) {
      return health.consecutiveFailedDeliveries() + " consecutive failed deliveries";
    }
    if (failingFor != null && health.failingSince() != null
        && !health.failingSince().plus(failingFor).isAfter(now)) {
      return "failing without a success since " + health.failingSince();
    }
    return null;
  }
}
