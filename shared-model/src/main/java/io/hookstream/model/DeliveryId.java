package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * One event's delivery to one subscription. Derived from (tenant, event, subscription), so the
 * router re-processing an event after a crash names the same delivery again.
 */
public record DeliveryId(@JsonValue String value) {
  public static final String PREFIX = "dlv_";

  public DeliveryId {
    Objects.requireNonNull(value, "delivery id");
    if (value.isBlank() || value.length() > 64) {
      throw new IllegalArgumentException("delivery id must be 1-64 characters");
    }
  }

  @JsonCreator
  public static DeliveryId of(String value) {
    return new DeliveryId(value);
  }

  public static DeliveryId of(TenantId tenant, EventId event, SubscriptionId subscription) {
    String material = tenant.value() + '\n' + event.value() + '\n' + subscription.value();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return new DeliveryId(PREFIX + Ids.base32(digest, 26));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
