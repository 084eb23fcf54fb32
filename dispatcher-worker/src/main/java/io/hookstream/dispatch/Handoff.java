package io.hookstream.dispatch;

import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.DeadLetter;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.SystemEvents;
import io.hookstream.model.FifoState;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.Sent;
import io.hookstream.outbound.Verdict;
import io.hookstream.retry.RetryTiers;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records what became of a delivery and hands it on: the attempt to {@code hookstream.attempts},
 * a failure to the retry tier of its next wait (see {@link RetryTiers}) or to the DLQ, a 410 as a
 * command to disable the subscription. The returned future completes when Kafka has acknowledged every
 * record, and only then may the delivery's offset be committed.
 */
final class Handoff {
  /** The shortest wait of a deferred delivery, so a busy endpoint is not asked again at once. */
  static final Duration MIN_DEFERRAL = Duration.ofSeconds(1);

  private final Producer<String, byte[]> producer;
  private final Producer<String, byte[]> holds;
  private final Clock clock;
  private final DispatchMetrics metrics;
  private final FinalFailureLog failures;

  /**
   * @param holds the producer of {@code hookstream.fifo-hold}: idempotent and never giving up on
   *     a record, so a FIFO endpoint's backlog is written in the order it was read
   */
  Handoff(Producer<String, byte[]> producer, Producer<String, byte[]> holds, Clock clock,
      DispatchMetrics metrics) {
    this.producer = producer;
    this.holds = holds;
    this.clock = clock;
    this.metrics = metrics;
    this.failures = new FinalFailureLog(clock);
  }

  /** Records an attempt and acts on its verdict. */
  CompletableFuture<Void> attempted(DeliveryTask task, Subscription sub, DeliveryPolicy policy,
      Sent sent) {
    Instant now = clock.instant();
    HttpOutcome http = sent.outcome();
    // A body rendered now goes with the delivery: every later attempt sends these bytes.
    DeliveryTask carried = sent.rendered() != null ? task.withRenderedBody(sent.rendered()) : task;
    List<CompletableFuture<?>> writes = new ArrayList<>();
    AttemptOutcome outcome;
    Instant nextAt = null;
    Verdict verdict = sent.verdict();
    if (verdict instanceof Verdict.Delivered) {
      outcome = AttemptOutcome.DELIVERED;
      if (task.eventTime() != null) {
        metrics.delivered(Duration.between(task.eventTime(), now));
      }
    } else if (verdict instanceof Verdict.Retry retry) {
      Optional<Duration> wait = policy.retrySchedule().delayAfter(task.tier(), retry.retryAfter());
      if (wait.isPresent()) {
        outcome = AttemptOutcome.RETRY_SCHEDULED;
        nextAt = now.plus(wait.get());
        DeliveryTask next = carried.nextAttempt(task.tier() + 1).withSubscription(sub);
        if (next.deadlineAt() != null) {
          // A Retry-After longer than the step moves the deadline by as much.
          next = next.withDeadline(next.deadlineAt().plus(
              wait.get().minus(policy.retrySchedule().delay(task.tier()))));
        }
        writes.add(toTier(wait.get(), next, now));
      } else {
        outcome = AttemptOutcome.DEAD_LETTERED;
        writes.add(deadLetter(carried.withSubscription(sub), outcome, http, now));
      }
    } else if (verdict instanceof Verdict.Gone) {
      outcome = AttemptOutcome.GONE;
      // Asked of the catalog's owner, for this version only: a webhook changed or deleted since
      // the request went out is left as it is now.
      writes.add(command(disableCommand(task, sub, "the endpoint answered 410 Gone", now)));
      writes.add(deadLetter(carried.withSubscription(sub), outcome, http, now));
    } else {
      outcome = AttemptOutcome.DEAD_LETTERED;
      writes.add(deadLetter(carried.withSubscription(sub), outcome, http, now));
    }
    metrics.attempt(outcome, http, task.tenant());
    DeliveryAttempt attempt = DeliveryAttempt.of(task, now, http.durationMs(), http.status(),
        http.error(), http.response(), outcome, nextAt).with(sent.rendered(), sub);
    writes.add(send(new ProducerRecord<>(Topics.ATTEMPTS, null, now.toEpochMilli(),
        task.subscriptionId().value(), Json.toBytes(attempt))));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /**
   * Puts a delivery off without an attempt: same attempt number, same place in the schedule, back
   * after {@code wait} (at least {@link #MIN_DEFERRAL}).
   */
  CompletableFuture<Void> defer(DeliveryTask task, Subscription sub, Duration wait,
      String reason) {
    metrics.deferred(reason);
    Duration delay = wait.compareTo(MIN_DEFERRAL) < 0 ? MIN_DEFERRAL : wait;
    return toTier(delay, task.withSubscription(sub), clock.instant()).thenRun(() -> { });
  }

  /**
   * Not attempted in time: the delivery waited on its protected endpoint past its deadline.
   * Recorded as a failed attempt with the reason and parked in the DLQ.
   */
  CompletableFuture<Void> expired(DeliveryTask task, Subscription sub, DeliveryPolicy policy,
      String reason) {
    Instant now = clock.instant();
    String error = "not sent: " + reason;
    HttpOutcome none = HttpOutcome.failure(error, 0);
    metrics.attempt(AttemptOutcome.DEAD_LETTERED, null, task.tenant());
    metrics.deferred("expired");
    DeliveryAttempt attempt = DeliveryAttempt.of(task, now, 0, null, error, null,
        AttemptOutcome.DEAD_LETTERED, null).with(null, sub);
    return CompletableFuture.allOf(
        deadLetter(task.withSubscription(sub), AttemptOutcome.DEAD_LETTERED, none, now),
        attempt(attempt));
  }

  /** A manual retry replaced this scheduled attempt: nothing to send or record. */
  void replaced() {
    metrics.deferred("replaced");
  }

  /** The subscription was deleted: nothing to send, recorded so the log says why. */
  CompletableFuture<Void> skipped(DeliveryTask task) {
    Instant now = clock.instant();
    metrics.attempt(AttemptOutcome.SKIPPED, null, task.tenant());
    return attempt(DeliveryAttempt.of(task, now, 0, null, "the subscription was deleted", null,
        AttemptOutcome.SKIPPED, null)).thenRun(() -> { });
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
        attempt(DeliveryAttempt.of(task, now, 0, null, reason, null, AttemptOutcome.DISABLED,
            null)));
  }

  /**
   * A FIFO endpoint's delivery joins its backlog on {@code hookstream.fifo-hold}. Called on the
   * poll thread in the order of {@code hookstream.deliveries}, which the one idempotent producer
   * keeps on the hold partition.
   */
  CompletableFuture<Void> hold(DeliveryTask task) {
    return send(holds, new ProducerRecord<>(Topics.FIFO_HOLD, null, clock.millis(),
        task.subscriptionId().value(), Json.toBytes(task)));
  }

  /**
   * Records one attempt at a FIFO endpoint's head (one delivery or a batch, each delivery logged
   * with the same outcome): {@code retry_scheduled} with its next try, {@code delivered},
   * {@code dead_lettered} (to the DLQ, the endpoint skips it), {@code halted} (the endpoint is
   * asked to halt) or {@code gone} (it is asked to be disabled; the head stays, for re-enabling).
   */
  CompletableFuture<Void> fifoAttempted(List<DeliveryTask> tasks, Subscription sub, Sent sent,
      AttemptOutcome outcome, Instant nextAt) {
    Instant now = clock.instant();
    HttpOutcome http = sent.outcome();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (DeliveryTask task : tasks) {
      metrics.attempt(outcome, http, task.tenant());
      if (outcome == AttemptOutcome.DELIVERED && task.eventTime() != null) {
        metrics.delivered(Duration.between(task.eventTime(), now));
      }
      RawJson rendered = tasks.size() == 1 ? sent.rendered() : null;
      DeliveryTask carried = rendered != null ? task.withRenderedBody(rendered) : task;
      if (outcome == AttemptOutcome.DEAD_LETTERED) {
        writes.add(deadLetter(carried.withSubscription(sub), outcome, http, now));
      }
      writes.add(attempt(DeliveryAttempt.of(task, now, http.durationMs(), http.status(),
          http.error(), http.response(), outcome, nextAt).with(rendered, sub)));
    }
    if (outcome == AttemptOutcome.GONE) {
      writes.add(command(disableCommand(tasks.get(0), sub, "the endpoint answered 410 Gone",
          now)));
    } else if (outcome == AttemptOutcome.HALTED) {
      String why = http.status() != null ? "HTTP " + http.status() : http.error();
      writes.add(command(new CatalogCommand(CatalogCommand.VERSION, "cmd_halt_"
          + tasks.get(0).id() + "_" + tasks.get(0).attempt(),
          CatalogCommand.Kind.HALT_SUBSCRIPTION, sub.tenant(), sub.id(), null, null,
          Json.mapper().createObjectNode().put("reason", "delivery " + tasks.get(0).id()
              + " (sequence " + tasks.get(0).sequence() + ") failed for good: " + why), now)));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** Where a FIFO endpoint stands, for its partition's next owner and the API. */
  CompletableFuture<?> fifoState(FifoState state) {
    return send(new ProducerRecord<>(Topics.FIFO_STATE, null, clock.millis(),
        state.subscriptionId().value(), Json.toBytes(state)));
  }

  /** To the tier of the first hop towards {@code now + delay}, carrying the due time. */
  private CompletableFuture<?> toTier(Duration delay, DeliveryTask task, Instant now) {
    long dueAt = now.toEpochMilli() + delay.toMillis();
    RetryTiers.Hop hop = RetryTiers.next(now.toEpochMilli(), dueAt);
    String tier = Topics.retryTier(hop.tier());
    metrics.retryScheduled(tier);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(tier, null, hop.timestampMs(),
        task.subscriptionId().value(), Json.toBytes(task));
    record.headers().add(RetryTiers.DUE_AT_HEADER,
        Long.toString(dueAt).getBytes(StandardCharsets.US_ASCII));
    return send(record);
  }

  private CompletableFuture<?> attempt(DeliveryAttempt attempt) {
    return send(new ProducerRecord<>(Topics.ATTEMPTS, null, attempt.at().toEpochMilli(),
        attempt.subscriptionId().value(), Json.toBytes(attempt)));
  }

  private CompletableFuture<?> deadLetter(DeliveryTask task, AttemptOutcome reason,
      HttpOutcome http, Instant now) {
    metrics.deadLettered();
    failures.failed(task, reason, http);
    CompletableFuture<?> parked = send(new ProducerRecord<>(Topics.DLQ, null, now.toEpochMilli(),
        task.subscriptionId().value(),
        Json.toBytes(DeadLetter.of(task, reason, http.status(), http.error(), now))));
    boolean exhausted = reason == AttemptOutcome.DEAD_LETTERED || reason == AttemptOutcome.GONE;
    // Not for deliveries of operational events themselves: two failing ops webhooks would
    // otherwise tell each other of their failures without end.
    if (!exhausted || task.tenant() == null || SystemEventTypes.reserved(task.eventType())) {
      return parked;
    }
    return CompletableFuture.allOf(parked, systemEvent(SystemEvents.exhausted(task, reason,
        http.status(), http.error(), now)));
  }

  /**
   * An operational event for the tenant, to the events topic as Hookstream's own: its id is the
   * occurrence's, so a repeat (this worker retrying, or the next owner) is routed once.
   */
  private CompletableFuture<?> systemEvent(Event event) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EVENTS,
        tenantPartition(Topics.EVENTS, event.tenant()), clock.millis(), event.tenant().value(),
        Json.toBytes(event));
    record.headers().add(Topics.ORIGIN_HEADER,
        Topics.ORIGIN_SYSTEM.getBytes(StandardCharsets.US_ASCII));
    return send(record);
  }

  /** The partition of {@code topic} that holds {@code tenant}'s events and commands. */
  private int tenantPartition(String topic, io.hookstream.model.TenantId tenant) {
    return TenantPartitioner.partitionOf(tenant.value(), producer.partitionsFor(topic).size());
  }

  static CatalogCommand disableCommand(DeliveryTask task, Subscription sub, String reason,
      Instant now) {
    return new CatalogCommand(CatalogCommand.VERSION, "cmd_gone_" + task.id() + "_"
        + task.attempt(), CatalogCommand.Kind.DISABLE_SUBSCRIPTION, sub.tenant(), sub.id(), null,
        sub.version(), Json.mapper().createObjectNode().put("reason", reason), now);
  }

  private CompletableFuture<?> command(CatalogCommand command) {
    return send(new ProducerRecord<>(Topics.COMMANDS, tenantPartition(Topics.COMMANDS,
        command.tenant()), clock.millis(), command.topicKey(), Json.toBytes(command)));
  }

  private CompletableFuture<?> send(ProducerRecord<String, byte[]> record) {
    return send(producer, record);
  }

  /** Completes when Kafka has acknowledged {@code record}. */
  private static CompletableFuture<Void> send(Producer<String, byte[]> via,
      ProducerRecord<String, byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    via.send(record, (metadata, error) -> {
      if (error != null) {
        acked.completeExceptionally(error);
      } else {
        acked.complete(null);
      }
    });
    return acked;
  }
}
