package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant's id, chosen by the operator: lower-case letters, digits, '-' and '_', 1–64 characters. */
public record TenantId(@JsonValue String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public TenantId {
    Objects.requireNonNull(value, "tenant id");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }
  }

  @JsonCreator
  public static TenantId of(String value) {
    return new TenantId(value);
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
