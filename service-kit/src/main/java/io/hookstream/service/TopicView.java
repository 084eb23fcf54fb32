package io.hookstream.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of a compacted topic, held in memory and kept current by a consumer
 * thread that reads every partition from the beginning (no consumer group). Readers can wait until
 * the view has reached an offset they wrote, which gives read-your-writes across the API.
 *
 * <p>{@link #fresh()} is a read barrier: it completes once the view holds everything committed to
 * the topic at some moment after the call, so a change answered to a client before the call is
 * seen after it, whatever process made it.
 *
 * <p>Sized for configuration data: tenants, the event catalog, subscriptions.
 */
public final class TopicView<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicView.class);

  private final String topic;
  private final Deserializer<V> values;
  private final KafkaConsumer<String, byte[]> consumer;
  /**
   * Asks the end offsets for {@link #fresh()} on its own connection: the broker answers one
   * request per connection at a time, so on the consumer's it would wait behind a parked fetch.
   */
  private final Admin offsets;
  private final ConcurrentNavigableMap<String, V> entries = new ConcurrentSkipListMap<>();
  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
  private final List<Listener<V>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Object progress = new Object();
  /** Callers of {@link #fresh()} not yet served by a round; guarded by itself. */
  private final List<CompletableFuture<Void>> freshWaiters = new ArrayList<>();
  private final Thread thread;
  private volatile Map<Integer, Long> startEndOffsets;
  private volatile boolean caughtUp;
  private volatile boolean running = true;

  public TopicView(KafkaSettings kafka, String topic, Deserializer<V> values) {
    this.topic = topic;
    this.values = values;
    this.consumer = new KafkaConsumer<>(kafka.client(Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, "hookstream-view-" + topic,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // The router writes these topics in transactions: never show an aborted change.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.offsets = Admin.create(kafka.client(Map.of(
        AdminClientConfig.CLIENT_ID_CONFIG, "hookstream-view-offsets-" + topic)));
    this.thread = new Thread(this::run, "view-" + topic);
    this.thread.setDaemon(true);
  }

  /** Told of every change the view applies, on the view's thread; keep it quick. */
  public interface Listener<V> {
    void changed(String key, V before, V after);
  }

  public void addListener(Listener<V> listener) {
    listeners.add(listener);
  }

  public void start() {
    thread.start();
  }

  public Optional<V> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /**
   * True when the view read a tombstone for {@code key} and nothing after it. Tombstones vanish
   * once compaction removes them, so absence alone does not prove deletion.
   */
  public boolean deleted(String key) {
    return deletedAt.containsKey(key);
  }

  public Collection<V> values() {
    return entries.values();
  }

  /** Values whose key starts with {@code prefix}, in key order. */
  public Collection<V> valuesWithPrefix(String prefix) {
    return entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values();
  }

  /**
   * Completes once the view has applied everything committed to the topic when this was called
   * (at the latest). Callers share rounds: one end-offset lookup serves every caller that arrived
   * before it began. Completed on the view's thread: continue with an {@code ...Async} stage.
   * Fails with {@link java.util.concurrent.CancellationException} when the view closes.
   */
  public CompletableFuture<Void> fresh() {
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    boolean first;
    synchronized (freshWaiters) {
      if (!running) {
        waiter.cancel(false);
        return waiter;
      }
      first = freshWaiters.isEmpty();
      freshWaiters.add(waiter);
    }
    if (first) {
      consumer.wakeup(); // out of a long poll: a round starts now
    }
    return waiter;
  }

  /** True once the view has read everything that was in the topic when it started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return await(timeout, () -> caughtUp);
  }

  /** Waits until the record at {@code offset} of {@code partition} has been applied. */
  public boolean awaitApplied(int partition, long offset, Duration timeout)
      throws InterruptedException {
    return await(timeout, () -> positions.getOrDefault(partition, -1L) > offset);
  }

  /** Waits until the value of {@code key} satisfies {@code condition} (empty when absent). */
  public boolean awaitValue(String key, java.util.function.Predicate<Optional<V>> condition,
      Duration timeout) throws InterruptedException {
    return await(timeout, () -> condition.test(get(key)));
  }

  private boolean await(Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000), 0);
      }
      return true;
    }
  }

  private void run() {
    List<CompletableFuture<Void>> round = new ArrayList<>();
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<Integer, Long> target = null;
      while (running) {
        // A caller of fresh() may wake any blocking call: the step is simply taken again.
        try {
          if (startEndOffsets == null) {
            startEndOffsets = toMap(consumer.endOffsets(partitions));
          }
          if (target == null) {
            round.addAll(takeFreshWaiters());
            // Read after every caller of this round arrived (for read_committed: the last
            // stable offsets), so reaching them covers everything committed before.
            target = round.isEmpty() ? null : committedEnd(partitions);
          }
          if (target == null || !reached(target)) { // usually reached: nothing changed
            pollOnce(partitions, target == null ? Duration.ofMillis(200) : Duration.ofMillis(50));
          }
          if (target != null && reached(target)) {
            round.forEach(TopicView::release);
            round.clear();
            target = null;
          }
        } catch (WakeupException e) {
          if (!running) {
            break;
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("view of {} woken unexpectedly", topic, e);
      }
    } catch (RuntimeException e) {
      log.error("view of {} stopped", topic, e);
    } finally {
      round.forEach(w -> w.cancel(false));
      synchronized (freshWaiters) {
        freshWaiters.forEach(w -> w.cancel(false));
        freshWaiters.clear();
      }
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void pollOnce(List<TopicPartition> partitions, Duration timeout) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
      apply(record);
    }
    synchronized (progress) {
      for (TopicPartition tp : partitions) {
        positions.put(tp.partition(), consumer.position(tp));
      }
      if (!caughtUp && reached(startEndOffsets)) {
        caughtUp = true;
        log.info("view of {} caught up: {} entries", topic, entries.size());
      }
      progress.notifyAll();
    }
  }

  private boolean reached(Map<Integer, Long> offsets) {
    return offsets.entrySet().stream()
        .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  /**
   * The last stable offset of each partition; null (the round is tried again) when the broker
   * does not answer in time.
   */
  private Map<Integer, Long> committedEnd(List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try {
      Map<Integer, Long> out = new ConcurrentHashMap<>();
      offsets.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(30, java.util.concurrent.TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      log.warn("view of {}: end offsets not answered ({}); asking again", topic, e.toString());
      return null;
    }
  }

  /** Completes a waiter; what its caller chained must not stop the view. */
  private static void release(CompletableFuture<Void> waiter) {
    try {
      waiter.complete(null);
    } catch (RuntimeException e) {
      log.debug("a caller of fresh() failed to continue: {}", e.toString());
    }
  }

  private List<CompletableFuture<Void>> takeFreshWaiters() {
    synchronized (freshWaiters) {
      if (freshWaiters.isEmpty()) {
        return List.of();
      }
      List<CompletableFuture<Void>> taken = new ArrayList<>(freshWaiters);
      freshWaiters.clear();
      return taken;
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      V before = entries.remove(record.key());
      deletedAt.put(record.key(), record.timestamp());
      notify(record.key(), before, null);
      return;
    }
    try {
      V after = values.deserialize(topic, record.value());
      V before = entries.put(record.key(), after);
      deletedAt.remove(record.key());
      notify(record.key(), before, after);
    } catch (RuntimeException e) {
      // A malformed record must not stop the view; the key keeps its previous value.
      log.warn("skipping malformed record at {}-{}@{}", topic, record.partition(), record.offset());
    }
  }

  private void notify(String key, V before, V after) {
    for (Listener<V> l : listeners) {
      try {
        l.changed(key, before, after);
      } catch (RuntimeException e) {
        log.warn("a listener of {} failed on {}", topic, key, e);
      }
    }
  }

  private List<TopicPartition> partitions() {
    while (running) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // not reachable or not created yet: keep trying until closed
      } catch (WakeupException e) {
        if (!running) {
          throw e;
        }
        continue; // a caller of fresh() woke it; its round starts once the view is assigned
      }
      log.warn("topic {} not found yet; waiting", topic);
    }
    throw new WakeupException();
  }

  private static Map<Integer, Long> toMap(Map<TopicPartition, Long> offsets) {
    Map<Integer, Long> out = new ConcurrentHashMap<>();
    offsets.forEach((tp, offset) -> out.put(tp.partition(), offset));
    return out;
  }

  @Override
  public void close() {
    synchronized (freshWaiters) {
      running = false;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    offsets.close(Duration.ofSeconds(5));
  }
}
