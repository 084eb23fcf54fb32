package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.CanonicalJson;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.EventType;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.WebhookBody;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sample events of a catalog type, to try a template on: the data is the type's example, or one
 * made from its schema, or {@code {}}. Pure.
 */
final class SampleEvents {
  static final EventId ID = EventId.of("evt_sample");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 6;

  private SampleEvents() {}

  /** The delivery of a sample event of {@code type} to {@code sub}, as a dispatcher gets it. */
  static DeliveryTask task(EventType type, Subscription sub, Instant now) {
    return task(Event.create(ID, sub.tenant(), type.name(), now,
        RawJson.ofTrustedBytes(CanonicalJson.toBytes(data(type))), null,
        RawJson.ofTrustedBytes("{}".getBytes())), sub);
  }

  /** The delivery of {@code event} to {@code sub}, with the standard body as its payload. */
  static DeliveryTask task(Event event, Subscription sub) {
    return DeliveryTask.first(event, sub, Json.raw(WebhookBody.of(event)));
  }

  static JsonNode data(EventType type) {
    if (type.example() != null) {
      return type.example();
    }
    if (type.schema() != null) {
      JsonNode made = fromSchema(type.schema(), 0);
      if (made.isObject()) {
        return made;
      }
    }
    return NODES.objectNode();
  }

  /** A value the schema accepts in the common cases: examples, defaults, consts, enums, types. */
  static JsonNode fromSchema(JsonNode schema, int depth) {
    if (!schema.isObject() || depth > MAX_DEPTH) {
      return NODES.nullNode();
    }
    for (String given : List.of("const", "default")) {
      if (schema.has(given)) {
        return schema.get(given);
      }
    }
    if (schema.path("examples").isArray() && !schema.get("examples").isEmpty()) {
      return schema.get("examples").get(0);
    }
    if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0);
    }
    for (String choice : List.of("oneOf", "anyOf", "allOf")) {
      if (schema.path(choice).isArray() && !schema.get(choice).isEmpty()) {
        return fromSchema(schema.get(choice).get(0), depth + 1);
      }
    }
    JsonNode type = schema.get("type");
    String t = type == null ? (schema.has("properties") ? "object" : "null")
        : type.isArray() ? type.path(0).asText("null") : type.asText();
    return switch (t) {
      case "object" -> {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
          out.set(p.getKey(), fromSchema(p.getValue(), depth + 1));
        }
        yield out;
      }
      case "array" -> {
        ArrayNode out = NODES.arrayNode();
        if (schema.has("items")) {
          out.add(fromSchema(schema.get("items"), depth + 1));
        }
        yield out;
      }
      case "string" -> NODES.textNode(stringFor(schema.path("format").asText("")));
      case "integer" -> NODES.numberNode(Math.max(0, schema.path("minimum").asInt(0)));
      case "number" -> NODES.numberNode(schema.path("minimum").asDouble(0));
      case "boolean" -> NODES.booleanNode(true);
      default -> NODES.nullNode();
    };
  }

  private static String stringFor(String format) {
    return switch (format) {
      case "date-time" -> "2023-06-15T10:30:00.000Z";
      case "date" -> "2023-06-15";
      case "email" -> "user@example.com";
      case "uri", "url" -> "https://example.com/";
      case "uuid" -> "00000000-0000-4000-8000-000000000000";
      default -> "string";
    };
  }
}
