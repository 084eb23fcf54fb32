package io.hookstream.retry.scheduler;

import io.hookstream.retry.RetryTiers;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases due tier records. Records of a tier partition are in release order (each tier has one
 * delay), so only its head matters: when the head is not released yet, the partition is rewound
 * to it and paused until then. A released record whose delivery is due (its
 * {@value RetryTiers#DUE_AT_HEADER} header, or none) goes to {@code hookstream.deliveries}; one
 * due later hops on to the next tier ({@link RetryTiers#next}). Both, and the offsets, are
 * committed in one Kafka transaction. The loop sleeps only inside {@code poll}, for as long as
 * nothing can be released.
 */
final class ReleaseLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ReleaseLoop.class);
  private static final long MAX_WAIT_MS = 1_000;

  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final Pattern tiers;
  private final Clock clock;
  private final DueTimes due = new DueTimes();
  private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
  private volatile boolean running = true;
  private volatile long released;
  private volatile long hopped;

  ReleaseLoop(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
      Pattern tiers, Clock clock) {
    this.consumer = consumer;
    this.producer = producer;
    this.tiers = tiers;
    this.clock = clock;
  }

  long released() {
    return released;
  }

  long hopped() {
    return hopped;
  }

  int waitingPartitions() {
    return pausedUntil.size();
  }

  @Override
  public void run() {
    try {
      producer.initTransactions();
      consumer.subscribe(tiers, new Rebalance());
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(waitMillis()));
        releaseDue(records);
        resumeDue();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("retry scheduler loop failed", e);
    } finally {
      producer.close(Duration.ofSeconds(10));
      consumer.close(Duration.ofSeconds(10));
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  private void releaseDue(ConsumerRecords<String, byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        long dueAt = due.dueAt(record.topic(), record.timestamp());
        if (dueAt > now) {
          consumer.seek(tp, record.offset());
          consumer.pause(List.of(tp));
          pausedUntil.put(tp, dueAt);
          break;
        }
        out.add(record);
        firstOffsets.putIfAbsent(tp, record.offset());
        offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!out.isEmpty()) {
      emit(out, offsets, firstOffsets);
    }
  }

  private void emit(List<ConsumerRecord<String, byte[]>> out,
      Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Long> firstOffsets) {
    try {
      producer.beginTransaction();
      long now = clock.millis();
      int hops = 0;
      for (ConsumerRecord<String, byte[]> r : out) {
        long planned = due.dueAt(r.topic(), r.timestamp());
        RetryTiers.Hop hop = RetryTiers.next(planned, dueAt(r, planned));
        if (hop == null) {
          producer.send(new ProducerRecord<>(Topics.DELIVERIES, null, now, r.key(), r.value()));
        } else {
          producer.send(new ProducerRecord<>(Topics.retryTier(hop.tier()), null,
              hop.timestampMs(), r.key(), r.value(), r.headers()));
          hops++;
        }
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
      released += out.size() - hops;
      hopped += hops;
    } catch (KafkaException e) {
      log.warn("releasing {} retries failed; they will be released again: {}", out.size(),
          e.getMessage());
      try {
        producer.abortTransaction();
      } catch (KafkaException ignored) {
        // the producer may be fenced; the next owner of these partitions releases them
      }
      firstOffsets.forEach((tp, offset) -> {
        if (consumer.assignment().contains(tp)) {
          consumer.seek(tp, offset);
        }
      });
    }
  }

  /** When the record's delivery is due: its header, or {@code released} for older records. */
  static long dueAt(ConsumerRecord<String, byte[]> record, long released) {
    Header header = record.headers().lastHeader(RetryTiers.DUE_AT_HEADER);
    if (header == null) {
      return released;
    }
    try {
      return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return released;
    }
  }

  private void resumeDue() {
    long now = clock.millis();
    List<TopicPartition> due = new ArrayList<>();
    pausedUntil.entrySet().removeIf(e -> {
      if (e.getValue() <= now) {
        due.add(e.getKey());
        return true;
      }
      return false;
    });
    due.retainAll(consumer.assignment());
    if (!due.isEmpty()) {
      consumer.resume(due);
    }
  }

  /** Poll no longer than until the next paused partition is due. */
  private long waitMillis() {
    long now = clock.millis();
    long next = pausedUntil.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    return Math.max(1, Math.min(MAX_WAIT_MS, next - now));
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(pausedUntil::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("retry scheduler assigned {} tier partitions", partitions.size());
    }
  }
}
