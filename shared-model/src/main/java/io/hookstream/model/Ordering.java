package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a subscription's deliveries are ordered. {@code none}: in parallel, retries through the
 * retry tiers (they may arrive out of order). {@code fifo}: one request in flight, in the order
 * of {@code webhook-sequence}, the head retried in place until it ends.
 */
public enum Ordering {
  NONE, FIFO;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Ordering of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
