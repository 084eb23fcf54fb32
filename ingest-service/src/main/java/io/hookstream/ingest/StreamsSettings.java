package io.hookstream.ingest;

import io.hookstream.service.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** What the ingest service's two Streams applications (router, views) configure alike. */
public final class StreamsSettings {
  private StreamsSettings() {}

  /**
   * @param topics replication and min ISR of the application's internal topics
   * @param applicationServer this instance's {@code host:port}, for interactive queries
   */
  public static Map<String, Object> common(String applicationId, Path stateDir, int threads,
      TopicSettings topics, Duration commitInterval, String applicationServer) {
    Map<String, Object> p = new HashMap<>();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replication());
    if (topics.minInsyncReplicas() > 0) {
      p.put(StreamsConfig.topicPrefix("min.insync.replicas"), topics.minInsyncReplicas());
    }
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    // host:port of this instance's API: where others forward a query for a key it holds.
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    // A malformed input record must not stop the application: log it and move on.
    p.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
    // A crashed instance's tasks move on after 15 s, not Kafka's default 45 s.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    return p;
  }
}
