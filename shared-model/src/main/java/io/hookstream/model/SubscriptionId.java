package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Clock;
import java.util.Objects;

/** A subscription's (webhook endpoint's) id: {@code sub_} followed by a time-ordered random suffix. */
public record SubscriptionId(@JsonValue String value) {
  public static final String PREFIX = "sub_";

  public SubscriptionId {
    Objects.requireNonNull(value, "subscription id");
    if (value.isBlank() || value.length() > 64) {
      throw new IllegalArgumentException("subscription id must be 1-64 characters");
    }
  }

  @JsonCreator
  public static SubscriptionId of(String value) {
    return new SubscriptionId(value);
  }

  public static SubscriptionId generate(Clock clock) {
    return new SubscriptionId(Ids.generate(PREFIX, clock));
  }

  @Override
  public String toString() {
    return value;
  }
}
