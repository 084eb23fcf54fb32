package io.hookstream.ingest.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.EndpointHealth;
import io.hookstream.model.Event;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.SystemEvents;
import io.hookstream.model.Tenant;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Endpoint health per subscription, from its attempts (test sends aside), in the views
 * application. Each attempt is applied once, even when read again after a crash (see
 * {@link HealthRecord}). When the endpoint's auto-disable policy (its own, else its tenant's) is
 * breached, it asks the catalog's owner, with a {@code DISABLE_SUBSCRIPTION} command whose id is
 * derived from the subscription and the attempt, to disable the subscription if it is still at
 * the version the failing attempts were made for. The owner decides once, in order with the
 * subscription's other changes, and tells the tenant ({@link DisabledNotice}).
 */
public final class HealthProcessor implements Processor<String, DeliveryAttempt, String, byte[]> {
  public static final String COMMANDS_SINK = "health-commands";
  /** Operational events (an endpoint failing, recovered) to the events topic, for the router. */
  public static final String EVENTS_SINK = "health-events";
  public static final String STORE = "endpoint-health";
  public static final String TENANTS = "tenants";

  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, HealthRecord> health;
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
    int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
    long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    HealthRecord stored = health.get(key);
    if (stored != null && stored.applied(partition, offset)) {
      return;
    }
    EndpointHealth before = stored != null ? stored.health()
        : EndpointHealth.empty(attempt.subscriptionId(), attempt.tenant());
    EndpointHealth after = before.after(attempt);
    Streak streak = notify(stored, before, after, attempt, record.timestamp());
    String reason = attempt.outcome() == AttemptOutcome.DELIVERED ? null
        : policyOf(attempt).breachedBy(after, attempt.at());
    if (reason != null) {
      CatalogCommand disable = disableCommand(attempt, "auto-disabled after " + reason,
          DisabledNotice.of(after));
      forward(COMMANDS_SINK, disable.topicKey(), Json.toBytes(disable), record.timestamp());
      after = after.disabled(attempt.at());
    }
    health.put(key, new HealthRecord(after, partition, offset, streak.since(), streak.failed()));
  }

  /** The failing streak the tenant was told of, and the failed attempts in it so far. */
  private record Streak(java.time.Instant since, Integer failed) {}

  /**
   * Tells the tenant when the endpoint starts failing ({@link SystemEventTypes#FAILING_AFTER}
   * attempts in a row, once per streak) and when a streak it was told of ends with a success
   * (even after the endpoint was disabled and enabled meanwhile). The events' ids name the streak;
   * the router routes each once.
   */
  private Streak notify(HealthRecord stored, EndpointHealth before, EndpointHealth after,
      DeliveryAttempt attempt, long timestamp) {
    java.time.Instant reported = stored == null ? null : stored.failingReported();
    int failed = stored == null || stored.failedSinceReported() == null ? 0
        : stored.failedSinceReported();
    AttemptOutcome outcome = attempt.outcome();
    if (outcome == AttemptOutcome.SKIPPED || outcome == AttemptOutcome.DISABLED) {
      return new Streak(reported, reported == null ? null : failed);
    }
    if (outcome == AttemptOutcome.DELIVERED) {
      if (reported != null) {
        announce(SystemEvents.recovered(attempt.subscriptionId(), attempt.tenant(), reported,
            failed, attempt.at()), attempt, timestamp);
      }
      return new Streak(null, null);
    }
    if (reported != null) {
      return new Streak(reported, failed + 1);
    }
    if (before.consecutiveFailedAttempts() < SystemEventTypes.FAILING_AFTER
        && after.consecutiveFailedAttempts() >= SystemEventTypes.FAILING_AFTER
        && after.failingSince() != null) {
      announce(SystemEvents.failing(attempt.subscriptionId(), attempt.tenant(),
          after.failingSince(), after.consecutiveFailedAttempts(), attempt.statusCode(),
          attempt.error(), attempt.at()), attempt, timestamp);
      return new Streak(after.failingSince(), after.consecutiveFailedAttempts());
    }
    return new Streak(null, null);
  }

  private void announce(Event event, DeliveryAttempt attempt, long timestamp) {
    forward(EVENTS_SINK, attempt.tenant().value(), Json.toBytes(event), timestamp);
  }

  /** A record of Hookstream's own, so the router trusts it (see {@code EventRecords}). */
  private void forward(String sink, String key, byte[] value, long timestamp) {
    Headers system = new RecordHeaders().add(Topics.ORIGIN_HEADER,
        Topics.ORIGIN_SYSTEM.getBytes(StandardCharsets.US_ASCII));
    context.forward(new Record<>(key, value, timestamp, system), sink);
  }

  /** The subscription's own rules (carried by its attempts), else its tenant's, else the default. */
  private AutoDisablePolicy policyOf(DeliveryAttempt attempt) {
    if (attempt.autoDisable() != null) {
      return attempt.autoDisable();
    }
    Tenant tenant = tenants.get(attempt.tenant().value());
    return tenant == null ? AutoDisablePolicy.DEFAULT : tenant.effectiveAutoDisable();
  }

  static CatalogCommand disableCommand(DeliveryAttempt attempt, String reason, ObjectNode notice) {
    ObjectNode payload = Json.mapper().createObjectNode().put("reason", reason);
    payload.set("notice", notice);
    return new CatalogCommand(CatalogCommand.VERSION, "cmd_disable_" + attempt.subscriptionId()
        + "_" + attempt.at().toEpochMilli(), CatalogCommand.Kind.DISABLE_SUBSCRIPTION,
        attempt.tenant(), attempt.subscriptionId(), null, attempt.subscriptionVersion(), payload,
        attempt.at());
  }
}
