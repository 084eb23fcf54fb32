package io.hookstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object request body, read field by field. Every problem throws an {@link ApiException}
 * naming the field, so clients learn exactly what to fix. A field given as {@code null} counts as
 * absent.
 */
public final class JsonInput {
  private final ObjectNode body;
  private final String prefix;

  private JsonInput(ObjectNode body, String prefix) {
    this.body = body;
    this.prefix = prefix;
  }

  /** A nested object, its fields named {@code prefix + name} in errors. */
  public static JsonInput of(ObjectNode body, String prefix) {
    return new JsonInput(body, prefix);
  }

  /** Reads request bodies strictly: a key given twice is an error, not last-one-wins. */
  private static final com.fasterxml.jackson.databind.ObjectReader STRICT = Json.mapper().reader()
      .with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public static JsonInput parse(byte[] raw) {
    JsonNode node;
    try {
      node = raw.length == 0 ? null : STRICT.readTree(raw);
    } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
      String why = e.getOriginalMessage();
      throw new ApiException(400, "invalid_json", why != null && why.startsWith("Duplicate field")
          ? "the body is not valid JSON: " + why : "the body is not valid JSON", null);
    } catch (IOException e) {
      throw new ApiException(400, "invalid_json", "the body is not valid JSON", null);
    }
    finite(node, "");
    if (!(node instanceof ObjectNode object)) {
      throw new ApiException(400, "invalid_json", "the body must be a JSON object", null);
    }
    return new JsonInput(object, "");
  }

  /** The same body without {@code field}, e.g. to read the rest as another request. */
  public JsonInput without(String field) {
    ObjectNode copy = body.deepCopy();
    copy.remove(field);
    return new JsonInput(copy, prefix);
  }

  /** Refuses fields outside {@code allowed}, so a misspelled field is not silently ignored. */
  public JsonInput allowOnly(Set<String> allowed) {
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ApiException(400, "unknown_field", "unknown field " + prefix + name,
            prefix + name);
      }
    }
    return this;
  }

  /** True when the field is in the body at all, even as {@code null}. */
  public boolean present(String field) {
    return body.has(field);
  }

  public boolean has(String field) {
    JsonNode n = body.get(field);
    return n != null && !n.isNull();
  }

  /** True when the field is present with an explicit {@code null}. */
  public boolean isExplicitNull(String field) {
    JsonNode n = body.get(field);
    return n != null && n.isNull();
  }

  public JsonNode node(String field) {
    return body.get(field);
  }

  public String requiredString(String field, int maxLength) {
    return optionalString(field, maxLength).orElseThrow(() -> missing(prefix + field));
  }

  public Optional<String> optionalString(String field, int maxLength) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode n = body.get(field);
    if (!n.isTextual()) {
      throw wrongType(prefix + field, "a string");
    }
    String value = n.textValue();
    if (value.isBlank()) {
      throw ApiException.invalid(prefix + field, prefix + field + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw new ApiException(400, "too_long",
          prefix + field + " must be at most " + maxLength + " characters", prefix + field);
    }
    if (value.chars().anyMatch(JsonInput::control)) {
      throw ApiException.invalid(prefix + field, prefix + field
          + " must not contain NUL or other control characters");
    }
    return Optional.of(value);
  }

  /** A one-line string (a name, a title): no control characters at all, newlines included. */
  public Optional<String> optionalLabel(String field, int maxLength) {
    Optional<String> value = optionalString(field, maxLength);
    if (value.isPresent() && value.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ApiException.invalid(prefix + field, prefix + field
          + " must be one line without control characters");
    }
    return value;
  }

  /** C0 controls and DEL, but tab, newline and carriage return (templates and descriptions). */
  private static boolean control(int c) {
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f;
  }

  /**
   * Refuses numbers no JSON reader can hold ({@code 1e999999}, integers of hundreds of digits):
   * they would reach receivers as {@code null}.
   */
  private static void finite(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    if (node.isNumber()) {
      if (!Double.isFinite(node.doubleValue())) {
        String field = at.isEmpty() ? null : at.substring(1);
        throw ApiException.invalid(field, (field == null ? "a number" : field)
            + " is out of range: numbers must fit a double, as JavaScript reads them");
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> finite(e.getValue(), at + "." + e.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        finite(node.get(i), at + "[" + i + "]");
      }
    }
  }

  public Optional<Boolean> optionalBoolean(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode n = body.get(field);
    if (!n.isBoolean()) {
      throw wrongType(prefix + field, "true or false");
    }
    return Optional.of(n.booleanValue());
  }

  public Optional<Integer> optionalInt(String field, int min, int max) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode n = body.get(field);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw wrongType(prefix + field, "an integer");
    }
    int value = n.intValue();
    if (value < min || value > max) {
      throw ApiException.invalid(prefix + field,
          prefix + field + " must be from " + min + " to " + max);
    }
    return Optional.of(value);
  }

  /** A list of non-blank strings; {@code field[i]} names the offending entry. */
  public Optional<List<String>> optionalStringList(String field, int maxItems, int maxLength) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode n = body.get(field);
    if (!n.isArray()) {
      throw wrongType(field, "an array of strings");
    }
    if (n.size() > maxItems) {
      throw ApiException.invalid(field, field + " may hold at most " + maxItems + " entries");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode item = n.get(i);
      String name = field + "[" + i + "]";
      if (!item.isTextual() || item.textValue().isBlank()) {
        throw wrongType(name, "a non-blank string");
      }
      if (item.textValue().length() > maxLength) {
        throw new ApiException(400, "too_long",
            name + " must be at most " + maxLength + " characters", name);
      }
      out.add(item.textValue());
    }
    return Optional.of(out);
  }

  /** An object of string values, in the given order; {@code field.name} names the offender. */
  public Optional<Map<String, String>> optionalStringMap(String field, int maxEntries, int maxLength) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode n = body.get(field);
    if (!n.isObject()) {
      throw wrongType(field, "an object of string values");
    }
    if (n.size() > maxEntries) {
      throw ApiException.invalid(field, field + " may hold at most " + maxEntries + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String name = field + "." + e.getKey();
      if (!e.getValue().isTextual()) {
        throw wrongType(name, "a string");
      }
      if (e.getValue().textValue().length() > maxLength) {
        throw new ApiException(400, "too_long",
            name + " must be at most " + maxLength + " characters", name);
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return Optional.of(out);
  }

  public static ApiException missing(String field) {
    return new ApiException(400, "missing_field", field + " is required", field);
  }

  public static ApiException wrongType(String field, String expected) {
    return new ApiException(400, "invalid_type", field + " must be " + expected, field);
  }
}
