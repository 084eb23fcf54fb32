package io.hookstream.ingest.views;

import io.hookstream.ingest.BoundedRocksDbConfig;
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

/** The views' Kafka Streams configuration: the same properties in production and in tests. */
public final class ViewsStreamsConfig {
  private ViewsStreamsConfig() {}

  /**
   * @param commitInterval how often the views commit their offsets and flush their stores: what
   *     a crash may read again (harmless: every update is idempotent), not when reads see a change
   * @param applicationServer this instance's {@code host:port}, for interactive queries
   */
  public static Properties properties(KafkaSettings kafka, Path stateDir, int threads,
      TopicSettings topics, Duration commitInterval, String applicationServer) {
    Map<String, Object> p = new HashMap<>();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, Topics.VIEWS_APPLICATION_ID);
    // At-least-once: the log, health and lookup apply each record once even when it is read
    // again, and health's one decision (disable) is taken by the router, exactly once.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replication());
    if (topics.minInsyncReplicas() > 0) {
      p.put(StreamsConfig.topicPrefix("min.insync.replicas"), topics.minInsyncReplicas());
    }
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // Health's cache: a busy endpoint's many attempts between two commits cost one store write.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L * 1024 * 1024);
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    // A malformed attempt record must not stop the views: log it and move on.
    p.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    Properties props = new Properties();
    props.putAll(kafka.client(p));
    return props;
  }
}
