package io.hookstream.dispatch;

import io.hookstream.dispatch.SubscriptionResolver.Resolution;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Subscription;
import io.hookstream.outbound.GuardedDns;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.HttpSender;
import io.hookstream.outbound.SignedRequests;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery, as a chain of named steps: resolve the subscription → admit to the endpoint's lane
 * → sign → send → classify → hand off. Each step either passes the delivery on or ends it with a
 * recorded outcome; a delivery's offset is finished only when its outcome is in Kafka.
 */
final class DeliveryPipeline {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
  private static final Duration HANDOFF_RETRY = Duration.ofSeconds(1);

  private final SubscriptionResolver resolver;
  private final HttpSender sender;
  private final Handoff handoff;
  private final Clock clock;
  private final int defaultLimit;
  private final ScheduledExecutorService retries;
  private final EndpointGate gate;
  private final EndpointGuard guard;
  private final SecretBox box;
  private final TargetPolicy targets;
  private volatile boolean stopping;

  DeliveryPipeline(SubscriptionResolver resolver, EndpointGuard guard, HttpSender sender,
      Handoff handoff, Clock clock, int defaultLimit, int maxQueued,
      ScheduledExecutorService retries, SecretBox box, TargetPolicy targets) {
    this.resolver = resolver;
    this.guard = guard;
    this.box = box;
    this.targets = targets;
    this.sender = sender;
    this.handoff = handoff;
    this.clock = clock;
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
   * breaker, sign, send, classify, hand off.
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
    CompletableFuture<HttpOutcome> sent = sign(task, sub);
    sent.whenComplete((outcome, error) -> {
      HttpOutcome result = error == null ? outcome
          : HttpOutcome.failure("internal error: " + error.getMessage(), 0);
      Verdict verdict = OutcomeClassifier.classify(result);
      // The breaker learns the outcome before the slot passes to the next waiting delivery.
      if (verdict instanceof Verdict.Delivered) {
        guard.succeeded(sub.id(), result.durationMs());
      } else {
        guard.failed(sub.id(), result.durationMs());
      }
      gate.release(task.subscriptionId());
      finishAfter(work, () -> handoff.attempted(task, sub, result, verdict));
    });
  }

  /** Steps 3 and 4: sign and send, or the outcome that stops the attempt before sending. */
  private CompletableFuture<HttpOutcome> sign(DeliveryTask task, Subscription sub) {
    Request request;
    try {
      request = SignedRequests.build(task, sub, clock.instant(), box);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(HttpOutcome.refused("invalid request: " + e.getMessage()));
    } catch (IllegalStateException e) {
      log.error("cannot sign for {}: {}", sub.id(), e.getMessage());
      return CompletableFuture.completedFuture(HttpOutcome.failure(e.getMessage(), 0));
    }
    return GuardedDns.literalRefusal(request.url().host(), targets)
        .map(reason -> CompletableFuture.completedFuture(HttpOutcome.refused(reason)))
        .orElseGet(() -> sender.send(request, sub.effectiveTimeoutMs(), sub.verifiesTls()));
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
