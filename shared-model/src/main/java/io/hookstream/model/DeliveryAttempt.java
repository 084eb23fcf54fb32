package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The record of one attempt, on {@code hookstream.attempts} keyed by subscription id.
 *
 * @param statusCode the HTTP status, absent when no response came (timeout, connection error)
 * @param error why the attempt failed, absent on success
 * @param response the start of the response body, at most {@value #MAX_RESPONSE_CHARS} characters
 * @param nextAttemptAt when the next attempt is due, for {@link AttemptOutcome#RETRY_SCHEDULED}
 * @param body the body a template rendered, on the attempt that rendered it (it is kept with the
 *     delivery, so a replay sends the same bytes)
 * @param test true for a test send made through the API
 * @param autoDisable the subscription's own auto-disable rules, when it has them
 * @param subscriptionVersion the version of the subscription the attempt was made for, so a
 *     decision drawn from it (auto-disable) applies only to that subscription
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAttempt(
    int v,
    DeliveryId deliveryId,
    TenantId tenant,
    SubscriptionId subscriptionId,
    EventId eventId,
    String eventType,
    int attempt,
    Instant at,
    long durationMs,
    Integer statusCode,
    String error,
    String response,
    AttemptOutcome outcome,
    Instant nextAttemptAt,
    RawJson body,
    Boolean test,
    AutoDisablePolicy autoDisable,
    Long subscriptionVersion,
    Long sequence) {

  public static final int VERSION = 1;
  public static final int MAX_RESPONSE_CHARS = 1024;

  public DeliveryAttempt {
    v = v == 0 ? VERSION : v;
  }

  public static DeliveryAttempt of(DeliveryTask task, Instant at, long durationMs,
      Integer statusCode, String error, String response, AttemptOutcome outcome,
      Instant nextAttemptAt) {
    return new DeliveryAttempt(VERSION, task.id(), task.tenant(), task.subscriptionId(),
        task.eventId(), task.eventType(), task.attempt(), at, durationMs, statusCode, error,
        response, outcome, nextAttemptAt, null, null, null, null, task.sequence());
  }

  /**
   * This attempt with the body it rendered, and the subscription's version and own auto-disable
   * rules ({@code sub} may be null: a test of a URL).
   */
  public DeliveryAttempt with(RawJson renderedBody, Subscription sub) {
    return new DeliveryAttempt(v, deliveryId, tenant, subscriptionId, eventId, eventType, attempt,
        at, durationMs, statusCode, error, response, outcome, nextAttemptAt, renderedBody, test,
        sub == null ? null : sub.autoDisable(), sub == null ? null : sub.version(), sequence);
  }

  /** This attempt marked as a test send. */
  public DeliveryAttempt asTest() {
    return new DeliveryAttempt(v, deliveryId, tenant, subscriptionId, eventId, eventType, attempt,
        at, durationMs, statusCode, error, response, outcome, nextAttemptAt, body, true,
        autoDisable, subscriptionVersion, sequence);
  }

  public boolean fromTestSend() {
    return Boolean.TRUE.equals(test);
  }
}
