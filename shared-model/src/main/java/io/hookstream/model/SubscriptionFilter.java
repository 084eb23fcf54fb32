package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an event must carry, beyond its type, to reach a subscription. Written as one JSON object:
 * {@code "changedAttributes": ["price", "status"]} selects events whose changed attributes include
 * any of them; {@code "data.status": "sold"} selects events whose {@code data.status} equals the
 * value, and {@code "data.clientId": ["a", "b"]} any of the values. Every entry must hold.
 */
public record SubscriptionFilter(List<String> changedAttributes, Map<String, List<JsonNode>> data) {
  public static final String CHANGED_ATTRIBUTES = "changedAttributes";
  public static final String DATA_PREFIX = "data.";

  public SubscriptionFilter {
    changedAttributes = changedAttributes == null ? null : List.copyOf(changedAttributes);
    data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  @JsonCreator
  public static SubscriptionFilter fromJson(ObjectNode json) {
    List<String> changed = null;
    Map<String, List<JsonNode>> data = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (e.getKey().equals(CHANGED_ATTRIBUTES)) {
        changed = new ArrayList<>();
        for (JsonNode n : e.getValue()) {
          changed.add(n.asText());
        }
      } else if (e.getKey().startsWith(DATA_PREFIX)) {
        List<JsonNode> values = new ArrayList<>();
        if (e.getValue().isArray()) {
          e.getValue().forEach(values::add);
        } else {
          values.add(e.getValue());
        }
        data.put(e.getKey().substring(DATA_PREFIX.length()), values);
      }
    }
    return new SubscriptionFilter(changed, data);
  }

  @JsonValue
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (changedAttributes != null) {
      changedAttributes.forEach(out.putArray(CHANGED_ATTRIBUTES)::add);
    }
    data.forEach((path, values) -> {
      if (values.size() == 1) {
        out.set(DATA_PREFIX + path, values.get(0));
      } else {
        values.forEach(out.putArray(DATA_PREFIX + path)::add);
      }
    });
    return out;
  }

  /** True when the filter looks into {@code data}: the router then parses the event's data. */
  public boolean needsData() {
    return !data.isEmpty();
  }

  /** Pure: does an event with these changed attributes and this data pass? */
  public boolean matches(List<String> eventChanged, JsonNode eventData) {
    if (changedAttributes != null) {
      if (eventChanged == null || eventChanged.stream().noneMatch(changedAttributes::contains)) {
        return false;
      }
    }
    for (Map.Entry<String, List<JsonNode>> e : data.entrySet()) {
      JsonNode actual = at(eventData, e.getKey());
      if (actual == null || e.getValue().stream().noneMatch(v -> sameValue(v, actual))) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode at(JsonNode root, String dottedPath) {
    JsonNode node = root;
    for (String segment : dottedPath.split("\\.")) {
      if (node == null || !node.isObject()) {
        return null;
      }
      node = node.get(segment);
    }
    return node;
  }

  /** Equality as a JSON reader sees it: 10, 10.0 and 1e1 are the same number. */
  private static boolean sameValue(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return expected.equals(actual);
  }
}
