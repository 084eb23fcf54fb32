package io.hookstream.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  final RetrySchedule schedule = RetrySchedule.DEFAULT;

  @Test
  void defaultIsTheDesignSchedule() {
    assertThat(schedule.delays()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5),
        Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10));
    assertThat(schedule).hasToString("5s,5m,30m,2h,5h,10h");
  }

  @Test
  void eachFailureTakesTheNextStepUntilExhausted() {
    assertThat(schedule.nextStep(0, null)).isEqualTo(OptionalInt.of(0));
    assertThat(schedule.nextStep(1, null)).isEqualTo(OptionalInt.of(1));
    assertThat(schedule.nextStep(5, null)).isEqualTo(OptionalInt.of(5));
    assertThat(schedule.nextStep(6, null)).isEmpty();
    assertThat(schedule.nextStep(7, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void retryAfterMovesOnToTheFirstStepAtLeastThatLong() {
    assertThat(schedule.nextStep(0, Duration.ofSeconds(5))).isEqualTo(OptionalInt.of(0));
    assertThat(schedule.nextStep(0, Duration.ofSeconds(6))).isEqualTo(OptionalInt.of(1));
    assertThat(schedule.nextStep(0, Duration.ofMinutes(31))).isEqualTo(OptionalInt.of(3));
    // never goes back to a shorter step than the schedule already reached
    assertThat(schedule.nextStep(3, Duration.ofSeconds(1))).isEqualTo(OptionalInt.of(3));
    // capped at the longest step
    assertThat(schedule.nextStep(0, Duration.ofDays(3))).isEqualTo(OptionalInt.of(5));
    assertThat(schedule.nextStep(0, Duration.ZERO)).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void deferralsComeBackSoonestWithoutOvershootingTheWait() {
    assertThat(schedule.stepForDeferral(Duration.ZERO)).isEqualTo(0);
    assertThat(schedule.stepForDeferral(Duration.ofSeconds(3))).isEqualTo(0);
    assertThat(schedule.stepForDeferral(Duration.ofSeconds(20))).isEqualTo(0);
    assertThat(schedule.stepForDeferral(Duration.ofMinutes(45))).isEqualTo(2);
    assertThat(schedule.stepForDeferral(Duration.ofDays(1))).isEqualTo(5);
    assertThat(RetrySchedule.parse("1m,10s").stepForDeferral(Duration.ofSeconds(5))).isEqualTo(1);
  }

  @Test
  void parsesAndRejects() {
    assertThat(RetrySchedule.parse("1s,1s,1s").steps()).isEqualTo(3);
    assertThat(RetrySchedule.parse("250ms").delay(0)).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> RetrySchedule.parse("5s,,5m"))
        .hasMessage("a comma list of 1 to 50 durations above zero, like 5s,5m,30m,2h");
    assertThatThrownBy(() -> RetrySchedule.parse("0s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySchedule.parse("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
