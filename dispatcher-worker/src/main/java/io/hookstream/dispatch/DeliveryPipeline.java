package io.hookstream.dispatch;

import io.hookstream.dispatch.SubscriptionResolver.Resolution;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Subscription;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.Outbound;
import io.hookstream.outbound.Superseded;
import io.hookstream.outbound.Sent;
import io.hookstream.outbound.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery, as a chain of named steps: resolve the subscription → admit to the endpoint's lane
 * (under its adaptive limit) → wait for its rate limit → render, sign, guard, send and classify
 * ({@link Outbound}, the one send path) → hand off. Each step either passes the delivery on or
 * ends it with a recorded outcome; a delivery's offset is finished only when its outcome is in
 * Kafka.
 *
 * <p>Every delivery ends in bounded time: it gets a deadline at the dispatcher's first sight of
 * it, its schedule's whole span plus {@link #GRACE} (lengthened by any {@code Retry-After} the
 * receiver asked for). Waiting on a protected endpoint (its lane, its rate limit, a full lane)
 * counts against it; a delivery still waiting past it is dead-lettered with that reason, unsent.
 */
final class DeliveryPipeline {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
  private static final Duration HANDOFF_RETRY = Duration.ofSeconds(1);
  /** Beyond the schedule's span, how long protection may hold a delivery in all. */
  static final Duration GRACE = Duration.ofMinutes(1);
  /** How long a delivery to an endpoint whose lane is full waits before it is offered again. */
  static final Duration FULL_LANE_WAIT = Duration.ofSeconds(5);

  private final SubscriptionResolver resolver;
  private final Outbound outbound;
  private final Function<Subscription, DeliveryPolicy> policies;
  private final Handoff handoff;
  private final Clock clock;
  private final int defaultLimit;
  private final ScheduledExecutorService retries;
  private final EndpointGate gate;
  private final EndpointGuard guard;
  private volatile boolean stopping;

  DeliveryPipeline(SubscriptionResolver resolver, EndpointGuard guard, Outbound outbound,
      Function<Subscription, DeliveryPolicy> policies, Handoff handoff, Clock clock,
      int defaultLimit, int maxQueued, ScheduledExecutorService retries) {
    this.resolver = resolver;
    this.guard = guard;
    this.outbound = outbound;
    this.policies = policies;
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
    if (fifo(resolution)) {
      // A FIFO endpoint's deliveries wait in its backlog, in this order, for its FIFO worker;
      // disabled, it keeps them there for when it is enabled again.
      finishAfter(work, () -> handoff.hold(task));
      return;
    }
    if (!(resolution instanceof Resolution.Active active)) {
      endUnsent(work, resolution);
      return;
    }
    Subscription sub = active.subscription();
    int max = maxInFlight(sub);
    switch (gate.admit(sub.id(), guard.limit(sub.id(), max), work)) {
      case STARTED, QUEUED -> { }
      case FULL -> {
        DeliveryPolicy policy = policies.apply(sub);
        Instant deadline = deadline(work, policy);
        if (clock.instant().plus(FULL_LANE_WAIT).isAfter(deadline)) {
          finishAfter(work, () -> handoff.expired(task.withDeadline(deadline), sub, policy,
              "the endpoint's lane was full until the delivery's retry schedule ran out"));
        } else {
          finishAfter(work, () -> handoff.defer(task.withDeadline(deadline), sub, FULL_LANE_WAIT,
              "endpoint_busy"));
        }
      }
    }
  }

  /**
   * Steps 3 to 6, when the endpoint has a free slot: check the deadline, wait for the rate limit,
   * make the attempt, hand off.
   */
  private void send(Work work) {
    DeliveryTask task = work.task;
    if (work.revoked()) {
      release(task, null);
      work.abandon();
      return;
    }
    // Resolved again, from a view at least as new as the subscriptions topic is now: a change
    // answered before this moment (a delete, a disable, a new URL) holds for this attempt.
    resolver.fresh().whenCompleteAsync((ok, error) -> {
      if (error != null) { // the view closed: the worker is stopping
        release(task, null);
        work.abandon();
      } else {
        sendCurrent(work);
      }
    }, retries);
  }

  private void sendCurrent(Work work) {
    DeliveryTask task = work.task;
    Resolution resolution = resolver.resolve(task);
    if (!(resolution instanceof Resolution.Active active)) {
      release(task, null);
      endUnsent(work, resolution);
      return;
    }
    Subscription sub = active.subscription();
    DeliveryPolicy policy = policies.apply(sub);
    Instant deadline = deadline(work, policy);
    if (clock.instant().isAfter(deadline)) {
      release(task, sub);
      finishAfter(work, () -> handoff.expired(task.withDeadline(deadline), sub, policy,
          "the endpoint was limited to " + guard.limit(sub.id(), maxInFlight(sub))
              + " request(s) at a time and the delivery waited past its retry schedule"));
      return;
    }
    long rateWait = guard.rateWaitNanos(sub);
    if (rateWait > 0) {
      // Keeps its slot while it waits: a rate-limited endpoint also has fewer requests in flight.
      retries.schedule(() -> send(work), rateWait, TimeUnit.NANOSECONDS);
      return;
    }
    DeliveryTask withDeadline = task.withDeadline(deadline);
    outbound.attempt(withDeadline, sub, policy, () -> stillCurrent(task, sub))
        .whenComplete((sent, error) -> {
      if (error != null && Superseded.is(error)) {
        // The webhook changed while the request waited to be written: nothing was sent. It
        // keeps its slot and is decided again, on a view that holds the change.
        send(work);
        return;
      }
      Sent result = error == null ? sent : new Sent(null,
          HttpOutcome.failure("internal error: " + error.getMessage(), 0),
          new Verdict.Retry(null));
      // The endpoint's limit learns the outcome before the slot passes on.
      int inFlight = gate.inFlight(sub.id());
      if (result.verdict() instanceof Verdict.Delivered) {
        guard.succeeded(sub.id(), maxInFlight(sub), result.outcome().durationMs(), inFlight);
      } else {
        guard.failed(sub.id(), maxInFlight(sub), result.outcome().durationMs(), inFlight);
      }
      release(task, sub);
      finishAfter(work, () -> handoff.attempted(withDeadline, sub, policy, result));
    });
  }

  private static boolean fifo(Resolution resolution) {
    return resolution instanceof Resolution.Active a && a.subscription().fifo()
        || resolution instanceof Resolution.Disabled d && d.subscription().fifo();
  }

  /** Whether the view still has {@code sub} active at the same URL, as the request was made. */
  private boolean stillCurrent(DeliveryTask task, Subscription sub) {
    return resolver.resolve(task) instanceof Resolution.Active now
        && now.subscription().url().equals(sub.url());
  }

  /** Frees the delivery's slot; waiting deliveries take what the current limit allows. */
  private void release(DeliveryTask task, Subscription sub) {
    int limit = sub == null ? 1 : guard.limit(sub.id(), maxInFlight(sub));
    gate.release(task.subscriptionId(), limit);
  }

  /** The task's deadline, or one set now from the subscription's schedule. */
  private static Instant deadline(Work work, DeliveryPolicy policy) {
    if (work.task.deadlineAt() != null) {
      return work.task.deadlineAt();
    }
    return work.routedAt.plus(policy.retrySchedule().span()).plus(GRACE);
  }

  private int maxInFlight(Subscription sub) {
    return sub.maxInFlight() != null ? sub.maxInFlight() : defaultLimit;
  }

  private void endUnsent(Work work, Resolution resolution) {
    if (resolution instanceof Resolution.Replaced replaced) {
      // A manual retry took this delivery over: its own run makes the attempts from now on.
      log.debug("{} attempt {} of run {} not sent: run {} replaced it", work.task.id(),
          work.task.attempt(), work.task.runNumber(), replaced.latestRun());
      handoff.replaced();
      work.finish();
    } else if (resolution instanceof Resolution.Disabled disabled) {
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
