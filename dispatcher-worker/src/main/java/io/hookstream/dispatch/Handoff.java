package io.hookstream.dispatch;

import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeadLetter;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Subscription;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records what became of a delivery and hands it on: the attempt to {@code hookstream.attempts},
 * a failure to its next retry tier or to the DLQ, a 410 back to the subscriptions topic. The
 * returned future completes when Kafka has acknowledged every record, and only then may the
 * delivery's offset be committed.
 */
final class Handoff {
  private final Producer<String, byte[]> producer;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final DispatchMetrics metrics;

  Handoff(Producer<String, byte[]> producer, RetrySchedule schedule, Clock clock,
      DispatchMetrics metrics) {
    this.producer = producer;
    this.schedule = schedule;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Records an attempt and acts on its verdict. */
  CompletableFuture<Void> attempted(DeliveryTask task, Subscription sub, HttpOutcome http,
      Verdict verdict) {
    Instant now = clock.instant();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    AttemptOutcome outcome;
    Instant nextAt = null;
    if (verdict instanceof Verdict.Delivered) {
      outcome = AttemptOutcome.DELIVERED;
      if (task.eventTime() != null) {
        metrics.delivered(Duration.between(task.eventTime(), now));
      }
    } else if (verdict instanceof Verdict.Retry retry) {
      OptionalInt step = schedule.nextStep(task.tier(), retry.retryAfter());
      if (step.isPresent()) {
        outcome = AttemptOutcome.RETRY_SCHEDULED;
        Duration delay = schedule.delay(step.getAsInt());
        nextAt = now.plus(delay);
        writes.add(toTier(delay, task.nextAttempt(step.getAsInt() + 1).withSubscription(sub), now));
        metrics.retryScheduled(Topics.retryTier(delay));
      } else {
        outcome = AttemptOutcome.DEAD_LETTERED;
        writes.add(deadLetter(task.withSubscription(sub), outcome, http, now));
      }
    } else if (verdict instanceof Verdict.Gone) {
      outcome = AttemptOutcome.GONE;
      Subscription disabled = sub.disabled("the endpoint answered 410 Gone", now);
      writes.add(subscription(disabled));
      writes.add(deadLetter(task.withSubscription(disabled), outcome, http, now));
    } else {
      outcome = AttemptOutcome.DEAD_LETTERED;
      writes.add(deadLetter(task.withSubscription(sub), outcome, http, now));
    }
    metrics.attempt(outcome, http, task.tenant());
    writes.add(send(Topics.ATTEMPTS, task.subscriptionId().value(),
        DeliveryAttempt.of(task, now, http.durationMs(), http.status(), http.error(),
            http.response(), outcome, nextAt), now));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /**
   * Puts a delivery off without an attempt: same attempt number, same place in the schedule, back
   * after the tier closest to {@code wait}.
   */
  CompletableFuture<Void> defer(DeliveryTask task, Subscription sub, Duration wait,
      String reason) {
    Duration delay = schedule.delay(schedule.stepForDeferral(wait));
    metrics.deferred(reason);
    return toTier(delay, task.withSubscription(sub), clock.instant()).thenRun(() -> { });
  }

  /** The subscription was deleted: nothing to send, recorded so the log says why. */
  CompletableFuture<Void> skipped(DeliveryTask task) {
    Instant now = clock.instant();
    metrics.attempt(AttemptOutcome.SKIPPED, null, task.tenant());
    return send(Topics.ATTEMPTS, task.subscriptionId().value(), DeliveryAttempt.of(task, now, 0,
        null, "the subscription was deleted", null, AttemptOutcome.SKIPPED, null), now)
        .thenRun(() -> { });
  }

  /** The subscription is disabled: not sent, parked in the DLQ for a replay after re-enabling. */
  CompletableFuture<Void> disabled(DeliveryTask task, Subscription sub) {
    Instant now = clock.instant();
    metrics.attempt(AttemptOutcome.DISABLED, null, task.tenant());
    String reason = "the subscription is disabled"
        + (sub.disabledReason() != null ? ": " + sub.disabledReason() : "");
    HttpOutcome none = HttpOutcome.failure(reason, 0);
    return CompletableFuture.allOf(
        deadLetter(task.withSubscription(sub), AttemptOutcome.DISABLED, none, now),
        send(Topics.ATTEMPTS, task.subscriptionId().value(), DeliveryAttempt.of(task, now, 0, null,
            reason, null, AttemptOutcome.DISABLED, null), now));
  }

  private CompletableFuture<?> toTier(Duration delay, DeliveryTask task, Instant now) {
    // The scheduler releases a tier record at its timestamp + the tier's delay.
    return send(Topics.retryTier(delay), task.subscriptionId().value(), task, now);
  }

  private CompletableFuture<?> deadLetter(DeliveryTask task, AttemptOutcome reason,
      HttpOutcome http, Instant now) {
    metrics.deadLettered();
    return send(Topics.DLQ, task.subscriptionId().value(),
        DeadLetter.of(task, reason, http.status(), http.error(), now), now);
  }

  private CompletableFuture<?> subscription(Subscription sub) {
    int partitions = producer.partitionsFor(Topics.SUBSCRIPTIONS).size();
    int partition = TenantPartitioner.partitionOf(sub.tenant().value(), partitions);
    return send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, partition, clock.millis(),
        sub.topicKey(), Json.toBytes(sub)));
  }

  private CompletableFuture<?> send(String topic, String key, Object value, Instant now) {
    return send(new ProducerRecord<>(topic, null, now.toEpochMilli(), key, Json.toBytes(value)));
  }

  private CompletableFuture<?> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(record, (metadata, error) -> {
      if (error != null) {
        acked.completeExceptionally(error);
      } else {
        acked.complete(null);
      }
    });
    return acked;
  }
}
