package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An entry of the event catalog, such as {@code order.created}: a human {@code title}, a
 * description, an optional JSON Schema for its data and an example of its data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventType(int v, String name, String description, JsonNode schema,
    Instant createdAt, String title, JsonNode example, Instant updatedAt, long version) {
  public static final int VERSION = 1;
  public static final int MAX_NAME_LENGTH = 128;
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  public EventType {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(name, "name");
  }

  public static EventType create(String name, String description, JsonNode schema, Instant now) {
    return new EventType(VERSION, name, description, schema, now, null, null, now, 1);
  }

  public static EventType create(String name, String title, String description, JsonNode schema,
      JsonNode example, Instant now) {
    return new EventType(VERSION, name, description, schema, now, title, example, now, 1);
  }

  /** This type at {@code newVersion}, changed at {@code now}: its owner stamps every change. */
  public EventType stamped(long newVersion, Instant now) {
    return new EventType(v, name, description, schema, createdAt, title, example, now,
        newVersion);
  }

  /** Dot-separated segments of letters, digits, '-' and '_'; no wildcards. */
  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
  }
}
