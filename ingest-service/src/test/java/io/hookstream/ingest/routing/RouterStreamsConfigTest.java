package io.hookstream.ingest.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.config.Env;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RouterStreamsConfigTest {
  /**
   * The router's transactional producer keeps one request in flight, so the broker never gets a
   * batch of a transaction before the transaction's first batch to that partition is verified
   * (which it refuses, and logs at ERROR). Streams accepts the setting under exactly-once.
   */
  @Test
  void theRoutersProducerSendsOneRequestAtATimeUnderExactlyOnce() {
    StreamsConfig config = new StreamsConfig(RouterStreamsConfig.properties(
        KafkaSettings.of("127.0.0.1:9092"), Path.of("state"), 1,
        TopicSettings.fromEnv(Env.of(Map.of()), false), Duration.ofMillis(25), "127.0.0.1:8080"));
    Map<String, Object> producer = config.getProducerConfigs("router-producer");
    assertThat(producer.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))
        .hasToString("1");
    assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
  }
}
