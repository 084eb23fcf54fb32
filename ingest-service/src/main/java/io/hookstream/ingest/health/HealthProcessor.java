package io.hookstream.ingest.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import io.hookstream.model.CatalogCommand;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.EndpointHealth;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.Tenant;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Endpoint health per subscription, from its attempts (test sends aside). When the endpoint's
 * auto-disable policy (its own, else its tenant's) is breached, it decides once, in this
 * exactly-once state, and emits two things with ids derived from the subscription and the time
 * (so a repeat is applied once): a {@code DISABLE_SUBSCRIPTION} command for the catalog's owner,
 * applied only if the subscription is still at the version the failing attempts were made for,
 * and a {@value #DISABLED_EVENT} event for the tenant's webhooks that subscribe to it.
 */
public final class HealthProcessor implements Processor<String, DeliveryAttempt, String, byte[]> {
  public static final String EVENTS_SINK = "system-events";
  public static final String COMMANDS_SINK = "health-commands";
  public static final String STORE = "endpoint-health";
  public static final String TENANTS = "tenants";
  public static final String DISABLED_EVENT = SystemEventTypes.ENDPOINT_DISABLED;

  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, EndpointHealth> health;
  private KeyValueStore<String, Tenant> tenants;

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.health = context.getStateStore(STORE);
    this.tenants = context.getStateStore(TENANTS);
  }

  @Override
  public void process(Record<String, DeliveryAttempt> record) {
    DeliveryAttempt attempt = record.value();
    if (attempt == null || attempt.subscriptionId() == null || attempt.tenant() == null
        || attempt.outcome() == null || attempt.fromTestSend()) {
      return; // a test send says nothing about how deliveries fare
    }
    String key = attempt.subscriptionId().value();
    EndpointHealth before = health.get(key);
    EndpointHealth after = (before != null ? before
        : EndpointHealth.empty(attempt.subscriptionId(), attempt.tenant())).after(attempt);
    String reason = attempt.outcome() == AttemptOutcome.DELIVERED ? null
        : policyOf(attempt).breachedBy(after, attempt.at());
    if (reason != null) {
      Headers system = new RecordHeaders().add(Topics.ORIGIN_HEADER,
          Topics.ORIGIN_SYSTEM.getBytes(StandardCharsets.US_ASCII));
      CatalogCommand disable = disableCommand(attempt, "auto-disabled after " + reason);
      context.forward(new Record<>(disable.topicKey(), Json.toBytes(disable), record.timestamp(),
          system), COMMANDS_SINK);
      context.forward(new Record<>(attempt.tenant().value(), Json.toBytes(disabledEvent(after,
          reason, attempt.at())), record.timestamp(), system), EVENTS_SINK);
      after = after.disabled(attempt.at());
    }
    health.put(key, after);
  }

  /** The subscription's own rules (carried by its attempts), else its tenant's, else the default. */
  private AutoDisablePolicy policyOf(DeliveryAttempt attempt) {
    if (attempt.autoDisable() != null) {
      return attempt.autoDisable();
    }
    Tenant tenant = tenants.get(attempt.tenant().value());
    return tenant == null ? AutoDisablePolicy.DEFAULT : tenant.effectiveAutoDisable();
  }

  static CatalogCommand disableCommand(DeliveryAttempt attempt, String reason) {
    return new CatalogCommand(CatalogCommand.VERSION, "cmd_disable_" + attempt.subscriptionId()
        + "_" + attempt.at().toEpochMilli(), CatalogCommand.Kind.DISABLE_SUBSCRIPTION,
        attempt.tenant(), attempt.subscriptionId(), null, attempt.subscriptionVersion(),
        Json.mapper().createObjectNode().put("reason", reason), attempt.at());
  }

  static Event disabledEvent(EndpointHealth health, String reason, Instant at) {
    ObjectNode data = Json.mapper().createObjectNode()
        .put("subscriptionId", health.subscriptionId().value())
        .put("reason", "auto-disabled after " + reason)
        .put("disabledAt", at.toString());
    if (health.failingSince() != null) {
      data.put("failingSince", health.failingSince().toString());
    }
    if (health.lastSuccessAt() != null) {
      data.put("lastSuccessAt", health.lastSuccessAt().toString());
    }
    data.put("consecutiveFailedDeliveries", health.consecutiveFailedDeliveries());
    data.put("consecutiveFailedAttempts", health.consecutiveFailedAttempts());
    return Event.create(EventId.of("evt_disabled_" + health.subscriptionId().value() + "_"
        + at.toEpochMilli()), health.tenant(), DISABLED_EVENT, at, Json.raw(data), null);
  }
}
