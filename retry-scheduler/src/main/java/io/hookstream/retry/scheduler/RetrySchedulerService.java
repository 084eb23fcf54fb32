package io.hookstream.retry.scheduler;

import io.hookstream.service.Service;
import io.hookstream.topics.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The retry scheduler: one consumer of every tier topic, one transactional producer. */
public final class RetrySchedulerService implements Service {
  private final ReleaseLoop loop;
  private final Thread thread;

  public RetrySchedulerService(RetrySchedulerConfig config, MeterRegistry registry, Clock clock) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config.kafka().client(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, Topics.RETRY_SCHEDULER_GROUP,
        ConsumerConfig.CLIENT_ID_CONFIG, "hookstream-retry-scheduler",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024,
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName())),
        new StringDeserializer(), new ByteArrayDeserializer());
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-retry-scheduler-producer",
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hookstream-retry-scheduler-" + config.instanceId(),
        // Each transaction is one batch, committed at once: a short timeout bounds how long a
        // crashed instance's open transaction can hold back readers if no successor fences it.
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000,
        // One request at a time, as the router: see RouterStreamsConfig on transactions v2.
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")),
        new StringSerializer(), new ByteArraySerializer());
    new KafkaClientMetrics(consumer).bindTo(registry);
    new KafkaClientMetrics(producer).bindTo(registry);
    this.loop = new ReleaseLoop(consumer, producer, Topics.RETRY_TIER_PATTERN, clock);
    this.thread = new Thread(loop, "retry-scheduler");
    FunctionCounter.builder("hookstream_retries_released", loop, ReleaseLoop::released)
        .description("Retry records re-emitted to the deliveries topic when due")
        .register(registry);
    FunctionCounter.builder("hookstream_retry_hops", loop, ReleaseLoop::hopped)
        .description("Retry records moved on to a further tier because their wait is longer"
            + " than the tier they were in").register(registry);
    Gauge.builder("hookstream_retry_waiting_partitions", loop, ReleaseLoop::waitingPartitions)
        .description("Tier partitions paused until their head record is due").register(registry);
  }

  @Override
  public String name() {
    return "retry-scheduler";
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public boolean ready() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    loop.stop();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
