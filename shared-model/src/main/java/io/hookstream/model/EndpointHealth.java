package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint's health, aggregated from its attempts: the current failure streak, when it began,
 * the last success and failure, and per-minute counts of the last hour for a success rate. Pure:
 * every change is a new value.
 *
 * @param consecutiveFailedDeliveries deliveries in a row that ended failed
 * @param failingSince the first failed attempt since the last success, absent while healthy
 * @param minutes per-minute counts, oldest first, covering at most the last hour
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointHealth(
    SubscriptionId subscriptionId,
    TenantId tenant,
    int consecutiveFailedDeliveries,
    int consecutiveFailedAttempts,
    Instant failingSince,
    Instant lastSuccessAt,
    Instant lastFailureAt,
    Instant disabledAt,
    List<Minute> minutes) {

  public static final Duration WINDOW = Duration.ofHours(1);

  public EndpointHealth {
    minutes = List.copyOf(minutes);
  }

  /** Attempts that succeeded and failed in one minute ({@code minute} = epoch minutes). */
  public record Minute(long minute, int succeeded, int failed) {}

  public static EndpointHealth empty(SubscriptionId id, TenantId tenant) {
    return new EndpointHealth(id, tenant, 0, 0, null, null, null, null, List.of());
  }

  /** The health after one more attempt. */
  public EndpointHealth after(DeliveryAttempt attempt) {
    AttemptOutcome outcome = attempt.outcome();
    Instant at = attempt.at();
    List<Minute> counts = record(at, outcome == AttemptOutcome.DELIVERED);
    if (outcome == AttemptOutcome.DELIVERED) {
      return new EndpointHealth(subscriptionId, tenant, 0, 0, null, at, lastFailureAt, disabledAt,
          counts);
    }
    if (outcome == AttemptOutcome.SKIPPED || outcome == AttemptOutcome.DISABLED) {
      return this; // nothing was sent: says nothing about the endpoint
    }
    boolean deliveryEnded = outcome != AttemptOutcome.RETRY_SCHEDULED;
    return new EndpointHealth(subscriptionId, tenant,
        consecutiveFailedDeliveries + (deliveryEnded ? 1 : 0), consecutiveFailedAttempts + 1,
        failingSince != null ? failingSince : at, lastSuccessAt, at, disabledAt, counts);
  }

  /** After switching the endpoint off: the streak starts again, so re-enabling gets a fresh count. */
  public EndpointHealth disabled(Instant at) {
    return new EndpointHealth(subscriptionId, tenant, 0, 0, null, lastSuccessAt, lastFailureAt,
        at, minutes);
  }

  /** Succeeded ÷ all attempts over the hour before {@code now}; null without attempts. */
  public Double successRate(Instant now) {
    long from = now.minus(WINDOW).getEpochSecond() / 60;
    int ok = 0;
    int all = 0;
    for (Minute m : minutes) {
      if (m.minute() > from) {
        ok += m.succeeded();
        all += m.succeeded() + m.failed();
      }
    }
    return all == 0 ? null : (double) ok / all;
  }

  @JsonIgnore
  public boolean failing() {
    return failingSince != null;
  }

  private List<Minute> record(Instant at, boolean succeeded) {
    long minute = at.getEpochSecond() / 60;
    long oldest = minute - WINDOW.toMinutes();
    List<Minute> out = new ArrayList<>();
    boolean counted = false;
    for (Minute m : minutes) {
      if (m.minute() <= oldest) {
        continue;
      }
      if (m.minute() == minute) {
        out.add(new Minute(minute, m.succeeded() + (succeeded ? 1 : 0),
            m.failed() + (succeeded ? 0 : 1)));
        counted = true;
      } else {
        out.add(m);
      }
    }
    if (!counted) {
      out.add(new Minute(minute, succeeded ? 1 : 0, succeeded ? 0 : 1));
      out.sort(java.util.Comparator.comparingLong(Minute::minute));
    }
    return out;
  }
}
