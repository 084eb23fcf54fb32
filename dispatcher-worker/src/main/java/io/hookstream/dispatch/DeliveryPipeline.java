package io.hookstream.dispatch;

import io.hookstream.dispatch.SubscriptionResolver.Resolution;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Subscription;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.Outbound;
import io.hookstream.outbound.Sent;
import io.hookstream.outbound.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery, as a chain of named steps: resolve the subscription → admit to the endpoint's lane
 * → render, sign, guard, send and classify ({@link Outbound}, the one send path) → hand off. Each
 * step either passes the delivery on or ends it with a recorded outcome; a delivery's offset is
 * finished only when its outcome is in Kafka.
 */
final class DeliveryPipeline {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
  private static final Duration HANDOFF_RETRY = Duration.ofSeconds(1);

  private final SubscriptionResolver resolver;
  private final Outbound outbound;
  private final Function<Subscription, DeliveryPolicy> policies;
  private final Handoff handoff;
  private final int defaultLimit;
  private final ScheduledExecutorService retries;
  private final EndpointGate gate;
  private final EndpointGuard guard;
  private volatile boolean stopping;

  DeliveryPipeline(SubscriptionResolver resolver, EndpointGuard guard, Outbound outbound,
      Function<Subscription, DeliveryPolicy> policies, Handoff handoff, int defaultLimit, int maxQueued, ScheduledExecutorService retries) {
    this.resolver = resolver;
    this.guard = guard;
    this.outbound = outbound;
    this.policies = policies;
    this.handoff = handoff;
    this.defaultLimit = defaultLimit;
    this.retries = retries;
    this.gate = new EndpointGate(maxQueued, this::send);
  }

  EndpointGate gate() {
    return gate;
  }

  void stopping() {
    stopping = true;
  }

  /** Step 1 and 2: resolve, then admit to the endpoint's lane (or end the delivery here). */
  void submit(Work work) {
    DeliveryTask task = work.task;
    Resolution resolution = resolver.resolve(task);
    if (!(resolution instanceof Resolution.Active active)) {
      endUnsent(work, resolution);
      return;
    }
    Subscription sub = active.subscription();
    int limit = sub.maxInFlight() != null ? sub.maxInFlight() : defaultLimit;
    switch (gate.admit(sub.id(), limit, work)) {
      case STARTED, QUEUED -> { }
      case FULL -> finishAfter(work, () -> handoff.defer(task, sub, Duration.ZERO, "endpoint_busy"));
    }
  }

  /**
   * Steps 3 to 7, when the endpoint has a free slot: wait for its rate limit, pass its circuit
   * breaker, make the attempt, hand off.
   */
  private void send(Work work) {
    DeliveryTask task = work.task;
    if (work.revoked()) {
      gate.release(task.subscriptionId());
      work.abandon();
      return;
    }
    // Resolved again: the subscription may have changed while the delivery waited.
    Resolution resolution = resolver.resolve(task);
    if (!(resolution instanceof Resolution.Active active)) {
      gate.release(task.subscriptionId());
      endUnsent(work, resolution);
      return;
    }
    Subscription sub = active.subscription();
    long rateWait = guard.rateWaitNanos(sub);
    if (rateWait > 0) {
      // Keeps its slot while it waits: a rate-limited endpoint also has fewer requests in flight.
      retries.schedule(() -> send(work), rateWait, TimeUnit.NANOSECONDS);
      return;
    }
    if (!guard.permit(sub.id())) {
      gate.release(task.subscriptionId());
      finishAfter(work, () -> handoff.defer(task, sub, guard.coolDown(), "circuit_open"));
      return;
    }
    DeliveryPolicy policy = policies.apply(sub);
    outbound.attempt(task, sub, policy).whenComplete((sent, error) -> {
      Sent result = error == null ? sent : new Sent(null,
          HttpOutcome.failure("internal error: " + error.getMessage(), 0),
          new Verdict.Retry(null));
      // The breaker learns the outcome before the slot passes to the next waiting delivery.
      if (result.verdict() instanceof Verdict.Delivered) {
        guard.succeeded(sub.id(), result.outcome().durationMs());
      } else {
        guard.failed(sub.id(), result.outcome().durationMs());
      }
      gate.release(task.subscriptionId());
      finishAfter(work, () -> handoff.attempted(task, sub, policy, result));
    });
  }

  private void endUnsent(Work work, Resolution resolution) {
    if (resolution instanceof Resolution.Disabled disabled) {
      finishAfter(work, () -> handoff.disabled(work.task, disabled.subscription()));
    } else {
      finishAfter(work, () -> handoff.skipped(work.task));
    }
  }

  /**
   * Finishes the work once {@code write} is acknowledged. A failed write is tried again until it
   * succeeds; a stopping worker abandons it instead, so the next owner delivers it.
   */
  private void finishAfter(Work work, Supplier<CompletableFuture<Void>> write) {
    write.get().whenComplete((ok, error) -> {
      if (error == null) {
        work.finish();
      } else if (stopping) {
        work.abandon();
      } else {
        log.warn("could not record the outcome of {} ({}); trying again", work.task.id(),
            error.getMessage());
        retries.schedule(() -> finishAfter(work, write), HANDOFF_RETRY.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    });
  }
}
