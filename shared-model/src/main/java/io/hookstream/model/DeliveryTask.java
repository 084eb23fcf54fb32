package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One event to be POSTed to one subscription, on {@code hookstream.deliveries} and the retry tiers,
 * keyed by subscription id.
 *
 * @param payload the standard body, serialized once per event by the router; once
 *     {@code rendered}, the exact body of this delivery
 * @param attempt the number of the attempt this task asks for, 1 for the first
 * @param tier how many steps of the retry schedule have been used up
 * @param subscription the subscription as the router saw it; the dispatcher prefers a newer copy
 * @param metadata the event's metadata, for a template
 * @param rendered true once {@code payload} is the body a template rendered for this delivery:
 *     every later attempt, retry and replay sends these bytes
 * @param deadlineAt when the delivery must have ended, set by the dispatcher at its first sight
 *     from the subscription's schedule: waiting on a protected endpoint never outlasts it
 * @param sequence the delivery's place among its subscription's deliveries: 1, 2, 3… in the order
 *     the router matched the events, assigned in its exactly-once state; the same on every retry
 *     and replay; sent as {@code webhook-sequence}. Absent on test sends (and on tasks written
 *     before sequences existed)
 * @param run which run of the delivery this task belongs to: absent (0) for the run the router
 *     started, a larger number for each manual retry or replay, kept by every later attempt of
 *     that run. A task of a run older than the delivery's latest is not sent: the retry replaced
 *     it (see {@code hookstream.delivery-runs})
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
    Subscription subscription,
    RawJson metadata,
    Boolean rendered,
    Instant deadlineAt,
    Long run,
    Long sequence) {

  public static final int VERSION = 1;

  public DeliveryTask {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(payload, "payload");
    attempt = Math.max(attempt, 1);
    run = run == null || run == 0L ? null : run;
  }

  /** The run number, 0 for the router's. */
  public long runNumber() {
    return run == null ? 0L : run;
  }

  public static DeliveryTask first(Event event, Subscription subscription, RawJson payload) {
    return new DeliveryTask(VERSION, DeliveryId.of(event.tenant(), event.id(), subscription.id()),
        event.tenant(), subscription.id(), event.id(), event.type(), event.timestamp(), payload, 1,
        0, subscription, event.metadata(), null, null, null, null);
  }

  /** The task for the next attempt, after {@code newTier} steps of the schedule. */
  public DeliveryTask nextAttempt(int newTier) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attempt + 1, newTier, subscription, metadata, rendered, deadlineAt, run, sequence);
  }

  /** This task at a given attempt and step of its schedule (a FIFO head restored after a move). */
  public DeliveryTask atAttempt(int attemptNumber, int newTier) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attemptNumber, newTier, subscription, metadata, rendered, deadlineAt, run, sequence);
  }

  public DeliveryTask withSubscription(Subscription current) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attempt, tier, current, metadata, rendered, deadlineAt, run, sequence);
  }

  /** This task with its deadline. */
  public DeliveryTask withDeadline(Instant deadline) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attempt, tier, subscription, metadata, rendered, deadline, run, sequence);
  }

  /**
   * This task as the {@code attempt}-th try of a new run, with its schedule started afresh (a
   * manual retry or replay).
   */
  public DeliveryTask replayedAs(int attemptNumber, Subscription current, long newRun) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attemptNumber, 0, current, metadata, rendered, null, newRun, sequence);
  }

  /** This task as the {@code n}-th of its subscription's deliveries. */
  public DeliveryTask withSequence(long n) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, payload,
        attempt, tier, subscription, metadata, rendered, deadlineAt, run, n);
  }

  /** This task carrying the body rendered for it, sent unchanged from now on. */
  public DeliveryTask withRenderedBody(RawJson body) {
    return new DeliveryTask(v, id, tenant, subscriptionId, eventId, eventType, eventTime, body,
        attempt, tier, subscription, null, true, deadlineAt, run, sequence);
  }

  /** Whether {@code payload} is already this delivery's final body. */
  public boolean hasRenderedBody() {
    return Boolean.TRUE.equals(rendered);
  }
}
