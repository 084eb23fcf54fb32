package io.hookstream.ingest.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.config.Env;
import io.hookstream.ingest.routing.RouterStreamsConfig;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ViewsStreamsConfigTest {
  private final KafkaSettings kafka = KafkaSettings.of("127.0.0.1:9092");
  private final TopicSettings topics = TopicSettings.fromEnv(Env.of(Map.of()), false);

  /**
   * The views are an application of their own (own group, own internal topics, own state dir),
   * at-least-once, committing at their own cadence; the router keeps exactly-once.
   */
  @Test
  void theViewsAreTheirOwnAtLeastOnceApplication() {
    StreamsConfig views = new StreamsConfig(ViewsStreamsConfig.properties(kafka,
        Path.of("data/views"), 2, topics, Duration.ofSeconds(1), "127.0.0.1:8080"));
    StreamsConfig router = new StreamsConfig(RouterStreamsConfig.properties(kafka,
        Path.of("data/router"), 1, topics, Duration.ofMillis(25), "127.0.0.1:8080"));

    assertThat(views.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("hookstream-views");
    assertThat(router.getString(StreamsConfig.APPLICATION_ID_CONFIG))
        .isEqualTo("hookstream-router");
    assertThat(views.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(router.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(views.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
    assertThat(views.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
    assertThat(views.getString(StreamsConfig.STATE_DIR_CONFIG)).endsWith("views");
    assertThat(views.getString(StreamsConfig.APPLICATION_SERVER_CONFIG))
        .isEqualTo("127.0.0.1:8080");
  }
}
