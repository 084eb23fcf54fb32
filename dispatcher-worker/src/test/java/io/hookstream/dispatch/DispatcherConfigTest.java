package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.retry.RetrySchedule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @Test
  void documentedDefaults() {
    DispatcherConfig c = DispatcherConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "HOOKSTREAM_MASTER_KEY", KEY)));
    assertThat(c.maxInFlight()).isEqualTo(1024);
    assertThat(c.maxInFlightPerEndpoint()).isEqualTo(100);
    assertThat(c.maxQueuedPerEndpoint()).isEqualTo(1024);
    assertThat(c.maxOutstanding()).isEqualTo(8192);
    assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.retrySchedule()).isEqualTo(RetrySchedule.DEFAULT);
  }

  @Test
  void invalidValuesFailAtStartNamingTheVariable() {
    assertThatThrownBy(() -> DispatcherConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS",
        "k:9092", "HOOKSTREAM_MASTER_KEY", KEY, "HOOKSTREAM_DISPATCH_MAX_IN_FLIGHT", "lots"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: HOOKSTREAM_DISPATCH_MAX_IN_FLIGHT='lots' must be an"
            + " integer from 1 to 65536");
    assertThatThrownBy(() -> DispatcherConfig.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS",
        "k:9092", "HOOKSTREAM_MASTER_KEY", KEY, "HOOKSTREAM_RETRY_SCHEDULE", "5s,later"))))
        .hasMessage("invalid configuration: HOOKSTREAM_RETRY_SCHEDULE='5s,later' must be a comma"
            + " list of 0 to 20 delays from 1s to 7d (or none), like 5s,5m,30m,2h");
  }
}
