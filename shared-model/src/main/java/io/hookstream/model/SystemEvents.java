package io.hookstream.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import java.time.Instant;

/**
 * Hookstream's own operational events, built from what decided them. Each id is derived from the
 * occurrence (the subscription and its version, the delivery and its run, the failing streak), so
 * however often a component at-least-once writes one, the router's deduplication routes it once.
 * Pure.
 */
public final class SystemEvents {
  private SystemEvents() {}

  /** {@code hookstream.endpoint.enabled}: {@code sub} was just enabled, at this version. */
  public static Event enabled(Subscription sub, Instant at) {
    ObjectNode data = Json.mapper().createObjectNode()
        .put("subscriptionId", sub.id().value())
        .put("url", sub.url())
        .put("enabledAt", at.toString())
        .put("version", sub.version());
    return Event.create(EventId.of("evt_enabled_" + sub.id().value() + "_" + sub.version()),
        sub.tenant(), SystemEventTypes.ENDPOINT_ENABLED, at, Json.raw(data), null);
  }

  /** {@code hookstream.delivery.exhausted}: {@code task} was dead-lettered for {@code reason}. */
  public static Event exhausted(DeliveryTask task, AttemptOutcome reason, Integer lastStatus,
      String lastError, Instant at) {
    ObjectNode data = Json.mapper().createObjectNode()
        .put("subscriptionId", task.subscriptionId().value())
        .put("deliveryId", task.id().value())
        .put("eventId", task.eventId() == null ? null : task.eventId().value())
        .put("eventType", task.eventType())
        .put("reason", reason.wireName())
        .put("attempts", task.attempt());
    if (lastStatus == null) {
      data.putNull("lastStatus");
    } else {
      data.put("lastStatus", lastStatus);
    }
    data.put("lastError", lastError).put("at", at.toString());
    return Event.create(EventId.of("evt_exhausted_" + task.id().value() + "_" + task.runNumber()),
        task.tenant(), SystemEventTypes.DELIVERY_EXHAUSTED, at, Json.raw(data), null);
  }

  /** {@code hookstream.endpoint.failing}: the streak that began at {@code failingSince}. */
  public static Event failing(SubscriptionId sub, TenantId tenant, Instant failingSince,
      int consecutiveFailedAttempts, Integer lastStatus, String lastError, Instant at) {
    ObjectNode data = Json.mapper().createObjectNode()
        .put("subscriptionId", sub.value())
        .put("failingSince", failingSince.toString())
        .put("consecutiveFailedAttempts", consecutiveFailedAttempts);
    if (lastStatus == null) {
      data.putNull("lastStatus");
    } else {
      data.put("lastStatus", lastStatus);
    }
    data.put("lastError", lastError).put("at", at.toString());
    return Event.create(EventId.of("evt_failing_" + sub.value() + "_"
        + failingSince.toEpochMilli()), tenant, SystemEventTypes.ENDPOINT_FAILING, at,
        Json.raw(data), null);
  }

  /** {@code hookstream.endpoint.recovered}: the end of the streak that began at failingSince. */
  public static Event recovered(SubscriptionId sub, TenantId tenant, Instant failingSince,
      int failedAttempts, Instant at) {
    ObjectNode data = Json.mapper().createObjectNode()
        .put("subscriptionId", sub.value())
        .put("failingSince", failingSince.toString())
        .put("recoveredAt", at.toString())
        .put("failedAttempts", failedAttempts);
    return Event.create(EventId.of("evt_recovered_" + sub.value() + "_"
        + failingSince.toEpochMilli()), tenant, SystemEventTypes.ENDPOINT_RECOVERED, at,
        Json.raw(data), null);
  }

  /** The subscription a system event is about, or null: it is not routed to that one. */
  public static String about(Event event) {
    if (!SystemEventTypes.reserved(event.type()) || event.data() == null) {
      return null;
    }
    try {
      return Json.fromBytes(event.data().bytes(), com.fasterxml.jackson.databind.JsonNode.class)
          .path("subscriptionId").asText(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
