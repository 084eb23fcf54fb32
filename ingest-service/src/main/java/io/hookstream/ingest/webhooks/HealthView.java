package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.model.EndpointHealth;
import java.time.Instant;

/** An endpoint's health as a webhook read shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthView(Double successRateLastHour, Instant lastSuccessAt, Instant lastFailureAt,
    Instant failingSince, int consecutiveFailedDeliveries, int consecutiveFailedAttempts,
    Instant autoDisabledAt) {

  static HealthView of(EndpointHealth h, Instant now) {
    return new HealthView(h.successRate(now), h.lastSuccessAt(), h.lastFailureAt(),
        h.failingSince(), h.consecutiveFailedDeliveries(), h.consecutiveFailedAttempts(),
        h.disabledAt());
  }
}
