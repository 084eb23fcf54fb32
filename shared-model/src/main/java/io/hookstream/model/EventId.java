package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Clock;
import java.util.Objects;

/**
 * An event's id, unique within its tenant. Producers may choose it (then a repeat is not delivered
 * twice); otherwise Hookstream generates {@code evt_} + a time-ordered random suffix. It is sent to
 * receivers as {@code webhook-id}, identical on every retry and replay.
 */
public record EventId(@JsonValue String value) {
  public static final String PREFIX = "evt_";
  public static final int MAX_LENGTH = 128;

  public EventId {
    Objects.requireNonNull(value, "event id");
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "event id must be 1-" + MAX_LENGTH + " printable ASCII characters without spaces");
    }
  }

  @JsonCreator
  public static EventId of(String value) {
    return new EventId(value);
  }

  public static EventId generate(Clock clock) {
    return new EventId(Ids.generate(PREFIX, clock));
  }

  /** Printable ASCII without spaces: the id goes into an HTTP header and a signed string. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
