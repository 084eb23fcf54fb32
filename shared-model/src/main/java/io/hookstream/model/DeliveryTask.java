package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One event to be POSTed to one subscription, on {@code hookstream.deliveries} and the retry tiers,
 * keyed by subscription id.
 *
 * @param payload the exact request body, serialized once per event by the router
 * @param attempt the number of the attempt this task asks for, 1 for the first
 * @param tier how many steps of the retry schedule have been used up
 * @param subscription the subscription as the router saw it; the dispatcher prefers a newer copy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryTask(
    int v,
    DeliveryId id,
    TenantId tenant,
    SubscriptionId subscriptionId,
    EventId eventId,
    String eventType,
    Instant eventTime,
    RawJson payload,
    int attempt,
    int tier,
    Subscription subscription) {

  public static final int VERSION = 1;

  public DeliveryTask {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(payload, "payload");
    attempt = Math.max(attempt, 1);
  }

  public static DeliveryTask first(Event event, Subscription subscription, RawJson payload) {
    return new DeliveryTask(VERSION, DeliveryId.of(event.tenant(), event.id(), subscription.id()),
        event.tenant(), subscription.id(), event.id(), event.type(), event.timestamp(), payload, 1,
        0, subscription);
  }

  /** The task for the next attempt, after {@code newTier} steps of the schedule. */
  public DeliveryTask nextAttempt(int newTier) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attempt + 1, newTier, subscription);
  }

  public DeliveryTask withSubscription(Subscription current) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attempt, tier, current);
  }
}
