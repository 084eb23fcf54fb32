package io.hookstream.templates;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.json.Timestamps;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EventType;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one document a template reads:
 * <pre>{"event": {id, type, timestamp, data, changedAttributes, metadata},
 *  "subscription": {id, name, url},
 *  "eventType": {name, title, description},
 *  "tenant": {id, name},
 *  "delivery": {id, sequence}}</pre>
 * Absent values are left out (undefined to JSONata); {@code timestamp} is written to the
 * millisecond. Pure.
 */
public final class TemplateInput {
  private TemplateInput() {}

  /**
   * @param task the delivery, whose payload is still the standard body it is read from
   * @param type the event's catalog entry, or null when the catalog has none
   * @param tenant the subscription's tenant, or null
   */
  public static Map<String, Object> of(DeliveryTask task, Subscription sub, EventType type,
      Tenant tenant) {
    JsonNode standard = Json.fromBytes(task.payload().bytes(), JsonNode.class);
    Map<String, Object> event = new LinkedHashMap<>();
    put(event, "id", task.eventId().value());
    put(event, "type", task.eventType());
    put(event, "timestamp", task.eventTime() == null ? null : Timestamps.iso(task.eventTime()));
    put(event, "data", standard.has("data") ? value(standard.get("data")) : null);
    put(event, "changedAttributes", standard.has("changedAttributes")
        ? value(standard.get("changedAttributes")) : null);
    put(event, "metadata", raw(task.metadata()));

    Map<String, Object> subscription = new LinkedHashMap<>();
    put(subscription, "id", sub.id().value());
    put(subscription, "name", sub.name());
    put(subscription, "url", sub.url());

    Map<String, Object> eventType = new LinkedHashMap<>();
    put(eventType, "name", task.eventType());
    if (type != null) {
      put(eventType, "title", type.title());
      put(eventType, "description", type.description());
    }

    Map<String, Object> tenantDoc = new LinkedHashMap<>();
    put(tenantDoc, "id", task.tenant() == null ? null : task.tenant().value());
    put(tenantDoc, "name", tenant == null ? null : tenant.name());

    Map<String, Object> input = new LinkedHashMap<>();
    input.put("event", event);
    input.put("subscription", subscription);
    input.put("eventType", eventType);
    input.put("tenant", tenantDoc);
    Map<String, Object> delivery = new LinkedHashMap<>();
    put(delivery, "id", task.id().value());
    put(delivery, "sequence", task.sequence());
    input.put("delivery", delivery);
    return input;
  }

  private static Object raw(RawJson json) {
    return json == null ? null : value(Json.fromBytes(json.bytes(), JsonNode.class));
  }

  private static void put(Map<String, Object> into, String key, Object value) {
    if (value != null) {
      into.put(key, value);
    }
  }

  /** A JSON tree as JSONata's values: maps, lists, strings, numbers, booleans, its null. */
  static Object value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
      }
      case ARRAY -> {
        List<Object> out = new ArrayList<>(node.size());
        node.forEach(item -> out.add(value(item)));
        return out;
      }
      case STRING -> {
        return node.textValue();
      }
      case BOOLEAN -> {
        return node.booleanValue();
      }
      case NUMBER -> {
        // As JavaScript reads it: integers that fit exactly stay integral, the rest are doubles.
        if (node.isIntegralNumber() && node.canConvertToLong()
            && Math.abs(node.longValue()) < (1L << 53)) {
          long v = node.longValue();
          return v == (int) v ? (Object) (int) v : (Object) v;
        }
        return node.doubleValue();
      }
      default -> {
        return Jsonata.NULL_VALUE;
      }
    }
  }
}
