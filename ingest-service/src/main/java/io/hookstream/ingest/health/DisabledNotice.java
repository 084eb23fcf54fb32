package io.hookstream.ingest.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import io.hookstream.model.EndpointHealth;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.Subscription;
import io.hookstream.model.SystemEventTypes;

/**
 * The {@code hookstream.endpoint.disabled} event a tenant gets when Hookstream switches one of its
 * webhooks off: made by the catalog's owner from the disabled subscription and the command's
 * notice (what endpoint health knew of the failures), with an id derived from the subscription
 * and the time, so it is routed once. Pure.
 */
public final class DisabledNotice {
  private DisabledNotice() {}

  /** What the health of the endpoint contributes to the notice. */
  static ObjectNode of(EndpointHealth health) {
    ObjectNode notice = Json.mapper().createObjectNode();
    if (health.failingSince() != null) {
      notice.put("failingSince", health.failingSince().toString());
    }
    if (health.lastSuccessAt() != null) {
      notice.put("lastSuccessAt", health.lastSuccessAt().toString());
    }
    notice.put("consecutiveFailedDeliveries", health.consecutiveFailedDeliveries());
    notice.put("consecutiveFailedAttempts", health.consecutiveFailedAttempts());
    return notice;
  }

  /** The event for {@code sub}, just disabled; {@code notice} may be missing or empty. */
  public static Event event(Subscription sub, JsonNode notice) {
    ObjectNode data = Json.mapper().createObjectNode()
        .put("subscriptionId", sub.id().value())
        .put("reason", sub.disabledReason())
        .put("disabledAt", sub.disabledAt().toString());
    if (notice != null && notice.isObject()) {
      data.setAll((ObjectNode) notice);
    }
    return Event.create(EventId.of("evt_disabled_" + sub.id().value() + "_"
        + sub.disabledAt().toEpochMilli()), sub.tenant(), SystemEventTypes.ENDPOINT_DISABLED,
        sub.disabledAt(), Json.raw(data), null);
  }
}
