package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a FIFO endpoint does when the delivery at its head has used up its retry schedule (or
 * failed for good). {@code skip}: the head goes to the DLQ and the next one is sent.
 * {@code halt}: the endpoint pauses, its backlog kept in order, until it is resumed.
 */
public enum OnExhausted {
  SKIP, HALT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static OnExhausted of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
