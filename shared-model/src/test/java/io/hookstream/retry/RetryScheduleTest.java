package io.hookstream.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  final RetrySchedule schedule = RetrySchedule.DEFAULT;

  @Test
  void defaultIsTheDesignSchedule() {
    assertThat(schedule.delays()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5),
        Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10));
    assertThat(schedule).hasToString("5s,5m,30m,2h,5h,10h");
    assertThat(schedule.span()).isEqualTo(Duration.ofSeconds(5).plusMinutes(35).plusHours(17));
  }

  @Test
  void eachFailureWaitsTheNextDelayUntilExhausted() {
    assertThat(schedule.delayAfter(0, null)).contains(Duration.ofSeconds(5));
    assertThat(schedule.delayAfter(1, null)).contains(Duration.ofMinutes(5));
    assertThat(schedule.delayAfter(5, null)).contains(Duration.ofHours(10));
    assertThat(schedule.delayAfter(6, null)).isEmpty();
    assertThat(schedule.delayAfter(7, Duration.ofSeconds(1))).isEmpty();
    assertThat(RetrySchedule.NONE.delayAfter(0, null)).isEmpty();
  }

  @Test
  void retryAfterLengthensOneWaitCappedAndUsesNoFurtherSteps() {
    assertThat(schedule.delayAfter(0, Duration.ofSeconds(3))).contains(Duration.ofSeconds(5));
    assertThat(schedule.delayAfter(0, Duration.ofSeconds(6))).contains(Duration.ofSeconds(6));
    assertThat(schedule.delayAfter(0, Duration.ofMinutes(31))).contains(Duration.ofMinutes(31));
    // a huge Retry-After is capped at an hour, and the next failure still takes step 1
    assertThat(schedule.delayAfter(0, Duration.ofDays(3))).contains(Duration.ofHours(1));
    assertThat(schedule.delayAfter(1, null)).contains(Duration.ofMinutes(5));
    // never shorter than the step's own delay
    assertThat(schedule.delayAfter(3, Duration.ofHours(1))).contains(Duration.ofHours(2));
    assertThat(schedule.delayAfter(0, Duration.ZERO)).contains(Duration.ofSeconds(5));
  }

  @Test
  void parsesAndRejects() {
    assertThat(RetrySchedule.parse("1s,1s,1s").steps()).isEqualTo(3);
    assertThat(RetrySchedule.parse("none")).isEqualTo(RetrySchedule.NONE);
    assertThat(RetrySchedule.parse("7d").delay(0)).isEqualTo(Duration.ofDays(7));
    for (String bad : new String[] {"5s,,5m", "0s", "250ms", "8d", "5 minutes", ""}) {
      assertThatThrownBy(() -> RetrySchedule.parse(bad))
          .hasMessage("a comma list of 0 to 20 delays from 1s to 7d (or none), like 5s,5m,30m,2h");
    }
    assertThatThrownBy(() -> RetrySchedule.parse(String.join(",", java.util.Collections.nCopies(21, "1s"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isAListOfDelaysInJson() {
    assertThat(Json.toString(RetrySchedule.parse("30s,5m,2h,1d")))
        .isEqualTo("[\"30s\",\"5m\",\"2h\",\"1d\"]");
    assertThat(Json.toString(RetrySchedule.NONE)).isEqualTo("[]");
    assertThat(Json.fromBytes("[\"90s\",\"1d\"]".getBytes(), RetrySchedule.class).delays())
        .isEqualTo(List.of(Duration.ofSeconds(90), Duration.ofDays(1)));
    assertThat(Optional.of(Json.fromBytes("[]".getBytes(), RetrySchedule.class)))
        .contains(RetrySchedule.NONE);
  }
}
