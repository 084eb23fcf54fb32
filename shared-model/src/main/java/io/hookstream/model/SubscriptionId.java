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

  /** The id a create with this {@code Idempotency-Key} gets: the same for every retry of it. */
  public static SubscriptionId forIdempotencyKey(TenantId tenant, String key) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
          (tenant.value() + '\n' + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new SubscriptionId(PREFIX + "k" + Ids.base32(digest, 25));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
