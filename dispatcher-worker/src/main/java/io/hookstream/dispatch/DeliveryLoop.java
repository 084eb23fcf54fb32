package io.hookstream.dispatch;

import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's poll thread: the only thread that touches the consumer. It hands each record to
 * the pipeline and returns to polling at once; it never waits on an endpoint. Offsets are committed
 * on an interval, per partition, up to the lowest unfinished record. When too many deliveries are
 * held in memory it pauses every partition, and resumes when half of them are done.
 */
final class DeliveryLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /** How long a rebalance lets requests in flight finish, to spare their next owner a repeat. */
  private static final Duration REVOKE_GRACE = Duration.ofSeconds(2);

  private final Consumer<String, byte[]> consumer;
  private final DeliveryPipeline pipeline;
  private final Clock clock;
  private final int maxOutstanding;
  private final Duration commitInterval;
  private final Duration grace;
  private final Map<TopicPartition, OffsetTracker> trackers = new ConcurrentHashMap<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile boolean running = true;
  private volatile int assignedPartitions;
  private boolean paused;
  private long lastCommit;

  DeliveryLoop(Consumer<String, byte[]> consumer, DeliveryPipeline pipeline, Clock clock,
      int maxOutstanding, Duration commitInterval, Duration shutdownGrace) {
    this.consumer = consumer;
    this.pipeline = pipeline;
    this.clock = clock;
    this.maxOutstanding = maxOutstanding;
    this.commitInterval = commitInterval;
    this.grace = shutdownGrace;
  }

  int outstanding() {
    return outstanding.get();
  }

  int assignedPartitions() {
    return assignedPartitions;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.DELIVERIES), new Rebalance());
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          dispatch(record);
        }
        applyBackpressure();
        commitIfDue(false);
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("dispatcher poll loop failed", e);
    } finally {
      drainAndClose();
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    OffsetTracker tracker = trackers.computeIfAbsent(tp, k -> new OffsetTracker());
    DeliveryTask task;
    try {
      task = Json.fromBytes(record.value(), DeliveryTask.class);
    } catch (RuntimeException e) {
      // Only the router writes this topic; a record it cannot have written is skipped, loudly.
      log.error("skipping malformed delivery at {}@{}", tp, record.offset());
      return;
    }
    tracker.register(record.offset());
    outstanding.incrementAndGet();
    pipeline.submit(new Work(task, java.time.Instant.ofEpochMilli(record.timestamp()), tracker,
        record.offset(), outstanding::decrementAndGet));
  }

  private void applyBackpressure() {
    int held = outstanding.get();
    if (!paused && held >= maxOutstanding) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused && held <= maxOutstanding / 2) {
      consumer.resume(consumer.assignment());
      paused = false;
    }
  }

  private void commitIfDue(boolean sync) {
    long now = clock.millis();
    if (!sync && now - lastCommit < commitInterval.toMillis()) {
      return;
    }
    lastCommit = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(trackers.keySet());
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets);
      offsets.forEach((tp, o) -> trackers.get(tp).committed(o.offset()));
    } else {
      consumer.commitAsync(offsets, (done, error) -> {
        if (error == null) {
          done.forEach((tp, o) -> {
            OffsetTracker t = trackers.get(tp);
            if (t != null) {
              t.committed(o.offset());
            }
          });
        } else {
          log.debug("async commit failed; the next one covers it: {}", error.getMessage());
        }
      });
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> parts) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : parts) {
      OffsetTracker t = trackers.get(tp);
      if (t != null) {
        OptionalLong next = t.toCommit();
        next.ifPresent(o -> out.put(tp, new OffsetAndMetadata(o)));
      }
    }
    return out;
  }

  /**
   * Hands partitions back: waiting deliveries are dropped unsent, requests in flight get a short
   * grace, and the lowest unfinished offset is committed, so the next owner starts exactly there.
   */
  private void release(Collection<TopicPartition> parts, Duration wait, boolean commit) {
    List<OffsetTracker> leaving = parts.stream().map(trackers::get)
        .filter(java.util.Objects::nonNull).toList();
    leaving.forEach(OffsetTracker::revoke);
    pipeline.gate().purge(Work::revoked).forEach(Work::abandon);
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline && leaving.stream().anyMatch(t -> t.active() > 0)) {
      sleepBriefly();
    }
    if (commit) {
      try {
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(parts);
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets);
        }
      } catch (RuntimeException e) {
        log.warn("could not commit released partitions; their next owner may repeat some deliveries",
            e);
      }
    }
    parts.forEach(trackers::remove);
    assignedPartitions = consumer.assignment().size() - (int) parts.stream()
        .filter(consumer.assignment()::contains).count();
  }

  private void drainAndClose() {
    pipeline.stopping();
    try {
      release(List.copyOf(trackers.keySet()), grace, true);
    } finally {
      consumer.close(Duration.ofSeconds(10));
      log.info("dispatcher left the consumer group");
    }
  }

  /** A short pause in a bounded wait for work to finish (rebalance and shutdown only). */
  static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        release(partitions, REVOKE_GRACE, true);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      release(partitions, Duration.ZERO, false);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignedPartitions = consumer.assignment().size();
      if (paused) {
        consumer.pause(partitions);
      }
      log.info("dispatcher assigned {}", partitions);
    }
  }
}
