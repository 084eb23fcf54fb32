package io.hookstream.ingest.views;

import io.hookstream.ingest.StreamsSettings;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;
import io.hookstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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
    Map<String, Object> p = StreamsSettings.common(Topics.VIEWS_APPLICATION_ID, stateDir,
        threads, topics, commitInterval, applicationServer);
    // At-least-once: the log, health and lookup apply each record once even when it is read
    // again, and health's one decision (disable) is taken by the router, exactly once.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    // Health's cache: a busy endpoint's many attempts between two commits cost one store write.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L * 1024 * 1024);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    Properties props = new Properties();
    props.putAll(kafka.client(p));
    return props;
  }
}
