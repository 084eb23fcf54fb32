package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A delivery that will not be attempted again on its own, on {@code hookstream.dlq} keyed by
 * subscription id. It keeps the whole task, so a replay sends exactly what was due.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(int v, DeliveryTask task, AttemptOutcome reason, Integer statusCode,
    String error, Instant at) {
  public static final int VERSION = 1;

  public DeadLetter {
    v = v == 0 ? VERSION : v;
  }

  public static DeadLetter of(DeliveryTask task, AttemptOutcome reason, Integer statusCode,
      String error, Instant at) {
    return new DeadLetter(VERSION, task, reason, statusCode, error, at);
  }
}
