package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One secret a subscription signs with. Several are active during a rotation: the newest is
 * primary, older ones sign alongside until {@code expiresAt}. {@code toString} never shows the value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningSecret(String value, Instant createdAt, Instant expiresAt) {
  public SigningSecret {
    Objects.requireNonNull(value, "value");
  }

  public boolean activeAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "SigningSecret[value=<redacted>, createdAt=" + createdAt + ", expiresAt=" + expiresAt
        + "]";
  }
}
