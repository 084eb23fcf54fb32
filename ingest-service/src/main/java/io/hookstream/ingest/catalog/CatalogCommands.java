package io.hookstream.ingest.catalog;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.json.Json;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.CommandResult;
import io.hookstream.service.KafkaSettings;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends catalog commands to their owner and waits for what became of them: a command goes to
 * {@code hookstream.commands} (on its key's partition), and the answer is read from
 * {@code hookstream.command-results}, which every instance follows from the moment it starts.
 */
public final class CatalogCommands implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogCommands.class);
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> results;
  private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  public CatalogCommands(KafkaSettings kafka) {
    this.producer = new KafkaProducer<>(kafka.client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-catalog-commands",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.PARTITIONER_CLASS_CONFIG, TenantPartitioner.class.getName())),
        new StringSerializer(), new ByteArraySerializer());
    this.results = new KafkaConsumer<>(kafka.client(Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, "hookstream-command-results",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "catalog-command-results");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Whether results are being followed, so commands can be sent. */
  public boolean ready() {
    return positioned.getCount() == 0;
  }

  /**
   * Sends {@code command} and returns what its owner made of it.
   *
   * @throws KafkaUnavailableException when no answer comes in time; the command may still be
   *     applied later, and sending it again is safe for patches of the same fields
   */
  public CommandResult submit(CatalogCommand command) {
    try {
      if (!positioned.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new KafkaUnavailableException("the command results are not followed yet", null);
      }
      CompletableFuture<CommandResult> answer = new CompletableFuture<>();
      pending.put(command.id(), answer);
      try {
        producer.send(new ProducerRecord<>(Topics.COMMANDS, command.topicKey(),
            Json.toBytes(command))).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        pending.remove(command.id());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while changing the catalog", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException("the catalog change was not confirmed in "
          + TIMEOUT.toSeconds() + " s", e);
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = results.partitionsFor(Topics.COMMAND_RESULTS,
          Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      results.assign(partitions);
      results.seekToEnd(partitions);
      partitions.forEach(results::position); // fixes the start before any command is sent
      positioned.countDown();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : results.poll(Duration.ofMillis(200))) {
          CompletableFuture<CommandResult> waiting = r.key() == null ? null : pending.get(r.key());
          if (waiting != null) {
            try {
              waiting.complete(Json.fromBytes(r.value(), CommandResult.class));
            } catch (RuntimeException e) {
              waiting.completeExceptionally(e);
            }
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("command results woken unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("following the command results stopped: {}", e.getMessage());
    } finally {
      results.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    results.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
