package io.hookstream.ingest.routing;

import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;
import io.hookstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The router's Kafka Streams configuration: the same properties in production and in tests. */
public final class RouterStreamsConfig {
  private RouterStreamsConfig() {}

  /**
   * @param topics replication and min ISR of the router's internal topics
   * @param commitInterval how often the router commits its transaction
   * @param applicationServer this instance's {@code host:port}, for interactive queries
   */
  public static Properties properties(KafkaSettings kafka, Path stateDir, int threads,
      TopicSettings topics, Duration commitInterval, String applicationServer) {
    Map<String, Object> p = new HashMap<>();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, Topics.ROUTER_APPLICATION_ID);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replication());
    if (topics.minInsyncReplicas() > 0) {
      p.put(StreamsConfig.topicPrefix("min.insync.replicas"), topics.minInsyncReplicas());
    }
    // Deliveries become visible to the dispatcher at each exactly-once commit: this interval is
    // the routing latency's upper bound.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // Wait for data known to be on the broker before processing out of timestamp order, so a
    // subscription written before an event is applied before it.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    // Only stores built with caching use it: endpoint health, where a busy endpoint's many
    // attempts between two commits then cost one store write and one changelog record.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L * 1024 * 1024);
    // Inputs are read as bytes and decoded by the processor, which skips malformed records.
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, io.hookstream.ingest.BoundedRocksDbConfig.class);
    // host:port of this instance's API: where others forward a query for a key it holds.
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    // A malformed attempt record must not stop the delivery log: log it and move on.
    p.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // One produce request in flight per broker. Under transactions v2 (Kafka 4) the broker
    // refuses, with a retriable OutOfOrderSequenceException that it logs at ERROR, a batch that
    // arrives while the first batch of a transaction to that partition is still being verified;
    // with 5 requests in flight that happens in bursts after a restart or under CPU pressure
    // (37 ERROR lines in a loaded 50,000-delivery run, none with 1 in 4 runs; throughput within
    // run-to-run noise). Records wait in the accumulator meanwhile and go in the next request.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    // No compression: a profile showed LZ4's per-batch setup dominating the router's small,
    // per-commit batches, for little saving on loopback or a LAN.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
    // A crashed instance's tasks move on after 15 s, not Kafka's default 45 s.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    Properties props = new Properties();
    props.putAll(kafka.client(p));
    return props;
  }
}
