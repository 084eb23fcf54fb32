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
    Instant nextAttemptAt) {

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
        response, outcome, nextAttemptAt);
  }
}
