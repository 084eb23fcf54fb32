package io.hookstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
  static final String TOKEN = "0123456789abcdef-token";
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @Test
  void documentedDefaults() {
    IngestConfig c = IngestConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
        "HOOKSTREAM_ADMIN_TOKEN", TOKEN, "HOOKSTREAM_MASTER_KEY", KEY)));
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.dedupeWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(c.topics().createTopics()).isFalse();
    assertThat(c.topics().replication()).isEqualTo((short) -1);
    assertThat(c.toString()).doesNotContain(TOKEN);
  }

  @Test
  void theAdminTokenIsRequiredAndNeverEchoed() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: HOOKSTREAM_ADMIN_TOKEN= must be set to a secret of at"
            + " least 16 characters");
    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
        "HOOKSTREAM_ADMIN_TOKEN", "short"))))
        .hasMessage("invalid configuration: HOOKSTREAM_ADMIN_TOKEN='<hidden>' must be set to a secret"
            + " of at least 16 characters");
  }

  @Test
  void invalidValuesFailAtStartNamingTheVariable() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
        "HOOKSTREAM_ADMIN_TOKEN", TOKEN, "HOOKSTREAM_MASTER_KEY", KEY, "HOOKSTREAM_DEDUPE_WINDOW", "forever"))))
        .hasMessageStartingWith("invalid configuration: HOOKSTREAM_DEDUPE_WINDOW='forever' must be a duration");
    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
        "HOOKSTREAM_ADMIN_TOKEN", TOKEN, "HOOKSTREAM_MASTER_KEY", KEY, "HOOKSTREAM_REPLICATION_FACTOR", "0"))))
        .hasMessage("invalid configuration: HOOKSTREAM_REPLICATION_FACTOR='0' must be -1 (the"
            + " broker's default) or from 1 to 32");
    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(Map.of("HOOKSTREAM_ADMIN_TOKEN", TOKEN, "HOOKSTREAM_MASTER_KEY", KEY))))
        .hasMessageStartingWith("invalid configuration: KAFKA_BOOTSTRAP_SERVERS=");
  }
}
