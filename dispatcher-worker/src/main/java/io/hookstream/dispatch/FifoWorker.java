package io.hookstream.dispatch;

import io.hookstream.dispatch.FifoLane.Held;
import io.hookstream.dispatch.SubscriptionResolver.Resolution;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.FifoState;
import io.hookstream.model.OnExhausted;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.Outbound;
import io.hookstream.outbound.Sent;
import io.hookstream.outbound.Superseded;
import io.hookstream.outbound.Verdict;
import io.hookstream.service.TopicView;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers FIFO endpoints' backlogs from {@code hookstream.fifo-hold} (group
 * {@value Topics#FIFO_GROUP}): per endpoint one request in flight, in the order of the backlog,
 * the head retried in place on its subscription's schedule (never through the retry tiers, which
 * would reorder it). Up to {@code batch.maxEvents} waiting deliveries go as one request.
 *
 * <p>Threads: the poll thread owns the consumer; every lane is changed on the one lane thread
 * ({@code lane}), which also runs the outcomes and timers. A blocked endpoint keeps at most
 * {@link FifoLane#BUFFER} deliveries in memory and never stops its partition: what it passed over
 * is read again when it has room. Offsets are committed below every endpoint's unfinished work,
 * and each endpoint's progress is written to {@code hookstream.fifo-state} after every outcome,
 * so a restart or a move repeats at most the request that was out, and never reorders.
 */
final class FifoWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(FifoWorker.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration TICK = Duration.ofMillis(250);
  private static final Duration STATE_EVERY = Duration.ofSeconds(2);
  private static final Duration REVOKE_GRACE = Duration.ofSeconds(2);
  private static final Duration RECORD_RETRY = Duration.ofSeconds(1);
  /** Records polled and not yet taken by the lane thread, beyond which polling pauses. */
  private static final int MAX_PENDING = 5_000;

  private final Consumer<String, byte[]> consumer;
  private final TopicView<FifoState> states;
  private final SubscriptionResolver resolver;
  private final EndpointGuard guard;
  private final Outbound outbound;
  private final Function<Subscription, DeliveryPolicy> policies;
  private final Handoff handoff;
  private final Clock clock;
  private final Duration commitInterval;
  private final Duration shutdownGrace;
  private final ScheduledExecutorService lane;
  private final Map<Integer, FifoPartition> partitions = new ConcurrentHashMap<>();
  /** Every lane of the assigned partitions, by endpoint; lane thread only. */
  private final Map<SubscriptionId, FifoLane> lanes = new HashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile boolean running = true;
  private volatile long backlog;
  private volatile int paused;
  private boolean pollPaused;
  private long lastCommit;
  private long lastStates;

  FifoWorker(Consumer<String, byte[]> consumer, TopicView<FifoState> states,
      SubscriptionResolver resolver, EndpointGuard guard, Outbound outbound,
      Function<Subscription, DeliveryPolicy> policies, Handoff handoff, Clock clock,
      Duration commitInterval, Duration shutdownGrace, ScheduledExecutorService lane) {
    this.consumer = consumer;
    this.states = states;
    this.resolver = resolver;
    this.guard = guard;
    this.outbound = outbound;
    this.policies = policies;
    this.handoff = handoff;
    this.clock = clock;
    this.commitInterval = commitInterval;
    this.shutdownGrace = shutdownGrace;
    this.lane = lane;
  }

  /** Deliveries waiting at FIFO endpoints of this worker, as far as read. */
  long backlog() {
    return backlog;
  }

  /** FIFO endpoints of this worker that are halted or disabled with deliveries waiting. */
  int paused() {
    return paused;
  }

  /** A subscription changed: its lane looks again (a resume, a re-enable, a new URL). */
  void subscriptionChanged(SubscriptionId id) {
    lane.execute(() -> {
      FifoLane l = lanes.get(id);
      if (l != null) {
        pump(l);
      }
    });
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.FIFO_HOLD), new Rebalance());
      lane.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(),
          TimeUnit.MILLISECONDS);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          FifoPartition p = partitions.get(record.partition());
          if (p != null) {
            int epoch = p.epoch;
            pending.incrementAndGet();
            lane.execute(() -> {
              try {
                offer(p, record, epoch);
              } finally {
                pending.decrementAndGet();
              }
            });
          }
        }
        rewind();
        backpressure();
        commitIfDue();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("FIFO poll loop failed", e);
    } finally {
      try {
        release(List.copyOf(consumer.assignment()), shutdownGrace, true);
      } finally {
        consumer.close(Duration.ofSeconds(10));
      }
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  // ---- lane thread ----

  private void offer(FifoPartition p, ConsumerRecord<String, byte[]> record, int epoch) {
    if (p.revoked) {
      return;
    }
    p.handled = Math.max(p.handled, record.offset());
    DeliveryTask task;
    try {
      task = Json.fromBytes(record.value(), DeliveryTask.class);
    } catch (RuntimeException e) {
      log.error("skipping malformed FIFO delivery at {}-{}@{}", Topics.FIFO_HOLD, p.partition,
          record.offset());
      return;
    }
    FifoLane l = p.lanes.computeIfAbsent(task.subscriptionId(), id -> new FifoLane(id,
        task.tenant(), p.partition, states.get(id.value()).orElse(null)));
    lanes.put(l.id, l);
    l.offer(record.offset(), task, epoch);
    progressed(p, l);
    pump(l);
  }

  /** After a lane changed: a read-again if it has room, and the partition's commit point. */
  private void progressed(FifoPartition p, FifoLane l) {
    long reread = l.wantsReread();
    if (reread >= 0) {
      l.rereadAsked(p.requestRewind(reread));
    }
    p.recompute();
  }

  /** Starts the next request of the lane, if it may go now. */
  private void pump(FifoLane l) {
    FifoPartition p = partitions.get(l.partition);
    if (!running || p == null || p.revoked || p.lanes.get(l.id) != l || l.inFlight != null
        || l.queue.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    if (l.nextTryAt != null && now.isBefore(l.nextTryAt)) {
      wakeAt(l, l.nextTryAt);
      return;
    }
    if (waiting(l, resolver.resolve(l.queue.peek().task()))) {
      return; // halted or disabled: a change to the subscription (or the tick) looks again
    }
    List<Held> reserved = List.of(l.queue.peek());
    l.inFlight = reserved;
    // Decided on a view that holds every change answered before now (a halt, a delete, a URL).
    resolver.fresh().whenCompleteAsync((ok, error) -> {
      if (l.inFlight != reserved) {
        return;
      }
      l.inFlight = null;
      if (error == null) {
        attemptNow(p, l);
      }
    }, lane);
  }

  private void attemptNow(FifoPartition p, FifoLane l) {
    if (p.revoked || l.queue.isEmpty()) {
      return;
    }
    Held head = l.queue.peek();
    Resolution resolution = resolver.resolve(head.task());
    if (resolution instanceof Resolution.Replaced) {
      l.finished(1); // a manual retry of it runs as its own delivery, further back
      progressed(p, l);
      pump(l);
      return;
    }
    if (resolution instanceof Resolution.Deleted) {
      l.inFlight = List.of(head);
      l.finished(1);
      FifoState state = l.state(clock.instant());
      record(l, () -> CompletableFuture.allOf(handoff.skipped(head.task()),
          handoff.fifoState(state)), () -> done(p, l));
      return;
    }
    if (waiting(l, resolution)) {
      return;
    }
    Subscription sub = subscription(resolution);
    if (l.paused || l.awaitingVersion >= 0) {
      l.paused = false;
      l.awaitingVersion = -1;
      l.freshSchedule();
    }
    long rateWait = guard.rateWaitNanos(sub);
    if (rateWait > 0) {
      wakeAt(l, clock.instant().plusNanos(rateWait));
      return;
    }
    List<Held> batch = l.next(sub.maxBatch(), Outbound.MAX_BATCH_BYTES);
    l.inFlight = batch;
    DeliveryPolicy policy = policies.apply(sub);
    List<DeliveryTask> tasks = batch.stream().map(Held::task).toList();
    java.util.function.BooleanSupplier current = () -> resolver.resolve(head.task())
        instanceof Resolution.Active now && now.subscription().url().equals(sub.url())
        && !now.subscription().halted();
    CompletableFuture<Sent> sent = tasks.size() == 1
        ? outbound.attempt(tasks.get(0), sub, policy, current)
        : outbound.attemptBatch(tasks, sub, policy, current);
    sent.whenCompleteAsync((result, error) -> outcome(p, l, tasks, sub, policy, result, error),
        lane);
  }

  private static Subscription subscription(Resolution resolution) {
    return resolution instanceof Resolution.Active a ? a.subscription()
        : resolution instanceof Resolution.Disabled d ? d.subscription() : null;
  }

  /**
   * Whether the endpoint may not send now: halted or disabled (it then starts its head on a
   * fresh schedule when it may), or a halt or disable it asked for is not applied yet.
   */
  private static boolean waiting(FifoLane l, Resolution resolution) {
    Subscription sub = subscription(resolution);
    if (sub == null) {
      return false; // deleted or replaced: handled when attempted
    }
    if (!sub.enabled() || sub.halted()) {
      l.paused = true;
      return true;
    }
    return l.awaitingVersion >= 0 && sub.version() <= l.awaitingVersion;
  }

  private void outcome(FifoPartition p, FifoLane l, List<DeliveryTask> tasks, Subscription sub,
      DeliveryPolicy policy, Sent sent, Throwable error) {
    if (error != null && Superseded.is(error)) {
      l.inFlight = null; // nothing was sent: decided again on a view that holds the change
      pump(l);
      return;
    }
    Sent result = error == null ? sent : new Sent(null,
        HttpOutcome.failure("internal error: " + error.getMessage(), 0), new Verdict.Retry(null));
    DeliveryTask head = tasks.get(0);
    Instant now = clock.instant();
    Verdict verdict = result.verdict();
    AttemptOutcome outcome;
    Instant nextAt = null;
    int tier = head.tier();
    if (verdict instanceof Verdict.Delivered) {
      outcome = AttemptOutcome.DELIVERED;
    } else if (verdict instanceof Verdict.Gone) {
      outcome = AttemptOutcome.GONE; // disabled: the head waits, in place, for re-enabling
      l.awaitingVersion = sub.version();
    } else {
      Optional<Duration> wait = verdict instanceof Verdict.Retry retry
          ? policy.retrySchedule().delayAfter(tier, retry.retryAfter()) : Optional.empty();
      if (wait.isPresent()) {
        outcome = AttemptOutcome.RETRY_SCHEDULED;
        nextAt = now.plus(wait.get());
        tier++;
      } else if (sub.effectiveOnExhausted() == OnExhausted.HALT) {
        outcome = AttemptOutcome.HALTED;
        l.awaitingVersion = sub.version();
      } else {
        outcome = AttemptOutcome.DEAD_LETTERED;
      }
    }
    boolean ends = outcome == AttemptOutcome.DELIVERED || outcome == AttemptOutcome.DEAD_LETTERED;
    int nextTier = tier;
    List<DeliveryTask> retried = ends ? null : tasks.stream()
        .map(t -> carried(t, result, tasks.size()).atAttempt(t.attempt() + 1, nextTier))
        .toList();
    // The lane moves on in memory at once, but sends nothing more until the outcome and where
    // the endpoint stands now are both in Kafka: a crash repeats at most this request.
    if (ends) {
      l.finished(tasks.size());
    } else if (retried != null) {
      l.retrying(retried, nextAt);
    }
    FifoState state = l.state(now);
    l.publishedBacklog = state.backlog();
    AttemptOutcome recorded = outcome;
    Instant due = nextAt;
    record(l, () -> CompletableFuture.allOf(handoff.fifoAttempted(tasks, sub, result, recorded,
        due), handoff.fifoState(state)), () -> done(p, l));
  }

  private static DeliveryTask carried(DeliveryTask task, Sent sent, int batchSize) {
    return batchSize == 1 && sent.rendered() != null ? task.withRenderedBody(sent.rendered())
        : task;
  }

  /** Runs {@code then} on the lane thread once {@code write} is in Kafka, retrying the write. */
  private void record(FifoLane l, java.util.function.Supplier<CompletableFuture<?>> write,
      Runnable then) {
    write.get().whenCompleteAsync((ok, error) -> {
      if (error == null) {
        then.run();
      } else if (running) {
        log.warn("could not record the outcome at FIFO endpoint {} ({}); trying again", l.id,
            error.getMessage());
        lane.schedule(() -> record(l, write, then), RECORD_RETRY.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }, lane);
  }

  /** The request's outcome is recorded: the lane sends its next one. */
  private void done(FifoPartition p, FifoLane l) {
    l.inFlight = null;
    progressed(p, l);
    pump(l);
  }

  private void publish(FifoLane l) {
    l.publishedBacklog = l.backlog();
    handoff.fifoState(l.state(clock.instant())).whenComplete((ok, error) -> {
      if (error != null) {
        log.debug("FIFO state of {} not written: {}", l.id, error.getMessage());
      }
    });
  }

  private void wakeAt(FifoLane l, Instant at) {
    if (l.wakeScheduled) {
      return;
    }
    l.wakeScheduled = true;
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    lane.schedule(() -> {
      l.wakeScheduled = false;
      pump(l);
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** Timers' backstop, the commit points, the backlog figures and their states. */
  private void tick() {
    try {
      long total = 0;
      int halted = 0;
      boolean publishAll = clock.millis() - lastStates >= STATE_EVERY.toMillis();
      for (FifoPartition p : partitions.values()) {
        if (p.revoked) {
          continue;
        }
        for (FifoLane l : p.lanes.values()) {
          pump(l);
          total += l.backlog();
          halted += l.paused && !l.queue.isEmpty() ? 1 : 0;
          if (publishAll && l.backlog() != l.publishedBacklog && l.inFlight == null) {
            publish(l);
          }
        }
        p.recompute();
      }
      if (publishAll) {
        lastStates = clock.millis();
      }
      backlog = total;
      paused = halted;
    } catch (RuntimeException e) {
      log.error("FIFO tick failed", e);
    }
  }

  // ---- poll thread ----

  /**
   * Makes the read-agains lanes asked for. Never seeks forward: a lane whose read-again is
   * under way (the position went back to its first passed-over record and has not returned it
   * yet) would otherwise lose the records in between. When the position is already at or before
   * the offset asked for, the records from there come anyway; only the epoch moves on.
   */
  private void rewind() {
    for (FifoPartition p : partitions.values()) {
      long[] seek = p.takeRewind();
      if (seek != null && !p.revoked) {
        TopicPartition tp = new TopicPartition(Topics.FIFO_HOLD, p.partition);
        if (seek[0] < consumer.position(tp, Duration.ofSeconds(10))) {
          consumer.seek(tp, seek[0]);
        }
        p.epoch = (int) seek[1];
      }
    }
  }

  private void backpressure() {
    int held = pending.get();
    if (!pollPaused && held >= MAX_PENDING) {
      consumer.pause(consumer.assignment());
      pollPaused = true;
    } else if (pollPaused && held <= MAX_PENDING / 4) {
      consumer.resume(consumer.assignment());
      pollPaused = false;
    }
  }

  private void commitIfDue() {
    long now = clock.millis();
    if (now - lastCommit < commitInterval.toMillis()) {
      return;
    }
    lastCommit = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions.values());
    if (!offsets.isEmpty()) {
      consumer.commitAsync(offsets, (done, error) -> {
        if (error != null) {
          log.debug("FIFO commit failed; the next one covers it: {}", error.getMessage());
        }
      });
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> committable(
      Collection<FifoPartition> parts) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (FifoPartition p : parts) {
      long offset = p.committable;
      if (offset >= 0) {
        out.put(new TopicPartition(Topics.FIFO_HOLD, p.partition), new OffsetAndMetadata(offset));
      }
    }
    return out;
  }

  /**
   * Hands partitions back: nothing new starts, requests out get {@code wait} to end and be
   * recorded, and the offset below every unfinished delivery is committed.
   */
  private void release(Collection<TopicPartition> parts, Duration wait, boolean commit) {
    List<FifoPartition> leaving = parts.stream().map(tp -> partitions.get(tp.partition()))
        .filter(java.util.Objects::nonNull).toList();
    leaving.forEach(p -> p.revoked = true);
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline && onLane(() -> leaving.stream()
        .anyMatch(p -> p.lanes.values().stream().anyMatch(l -> l.inFlight != null)))) {
      DeliveryLoop.sleepBriefly();
    }
    if (commit) {
      try {
        onLane(() -> {
          leaving.forEach(FifoPartition::recompute);
          return true;
        });
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(leaving);
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets);
        }
      } catch (RuntimeException e) {
        log.warn("could not commit released FIFO partitions; their next owner may repeat a"
            + " request", e);
      }
    }
    onLane(() -> {
      leaving.forEach(p -> p.lanes.keySet().forEach(lanes::remove));
      return true;
    });
    leaving.forEach(p -> partitions.remove(p.partition, p));
  }

  /** Runs on the lane thread and waits for it; false if the lane thread is gone. */
  private boolean onLane(java.util.function.Supplier<Boolean> question) {
    try {
      return lane.submit(question::get).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> parts) {
      if (!parts.isEmpty()) {
        release(parts, REVOKE_GRACE, true);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> parts) {
      release(parts, Duration.ZERO, false);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
      if (parts.isEmpty()) {
        return;
      }
      // The endpoints' progress as their last owner left it, before any of their records.
      try {
        states.fresh().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("FIFO progress not confirmed fresh ({}); a request may be repeated",
            e.toString());
      }
      parts.forEach(tp -> partitions.put(tp.partition(), new FifoPartition(tp.partition())));
      if (pollPaused) {
        consumer.pause(parts);
      }
      log.info("FIFO worker assigned {}", parts);
    }
  }
}
