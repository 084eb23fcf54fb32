package io.hookstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.retry.RetrySchedule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
  @Test
  void defaultsApplyWhenUnsetOrBlank() {
    Env env = Env.of(Map.of("HOOKSTREAM_HTTP_PORT", "  "));
    assertThat(env.port("HOOKSTREAM_HTTP_PORT", 8080)).isEqualTo(8080);
    assertThat(env.bool("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", false)).isFalse();
    assertThat(env.retrySchedule("HOOKSTREAM_RETRY_SCHEDULE", RetrySchedule.DEFAULT))
        .isEqualTo(RetrySchedule.DEFAULT);
  }

  @Test
  void invalidValuesNameTheVariable() {
    Env env = Env.of(Map.of("HOOKSTREAM_HTTP_PORT", "eighty", "HOOKSTREAM_ALLOW_PRIVATE_TARGETS",
        "yes", "HOOKSTREAM_RETRY_SCHEDULE", "5s,soon", "T", "5 s"));
    assertThatThrownBy(() -> env.port("HOOKSTREAM_HTTP_PORT", 8080))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: HOOKSTREAM_HTTP_PORT='eighty' must be an integer from 0 to 65535");
    assertThatThrownBy(() -> env.bool("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", false))
        .hasMessage("invalid configuration: HOOKSTREAM_ALLOW_PRIVATE_TARGETS='yes' must be true or false");
    assertThatThrownBy(() -> env.retrySchedule("HOOKSTREAM_RETRY_SCHEDULE", RetrySchedule.DEFAULT))
        .hasMessage("invalid configuration: HOOKSTREAM_RETRY_SCHEDULE='5s,soon' must be a comma list"
            + " of 0 to 20 delays from 1s to 7d (or none), like 5s,5m,30m,2h");
    assertThatThrownBy(() -> env.duration("T", Duration.ofSeconds(1), Duration.ZERO, Duration.ofHours(1)))
        .hasMessage("invalid configuration: T='5 s' must be a duration like 250ms, 5s, 30m, 2h or 1d,"
            + " from 0ms to 1h");
  }

  @Test
  void prefixedVariablesPassThrough() {
    Env env = Env.of(Map.of("HOOKSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "HOOKSTREAM_KAFKA_", "ignored", "OTHER", "x"));
    assertThat(env.withPrefix("HOOKSTREAM_KAFKA_")).containsExactly(
        Map.entry("SECURITY_PROTOCOL", "SASL_SSL"));
  }

  @Test
  void durationsRoundTrip() {
    for (String text : new String[] {"250ms", "5s", "5m", "30m", "2h", "10h", "1d", "1500ms"}) {
      assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
  }
}
