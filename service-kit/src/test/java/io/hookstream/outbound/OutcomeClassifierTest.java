package io.hookstream.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.retry.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  static final DeliveryPolicy ANY_2XX = policy(List.of());

  static DeliveryPolicy policy(List<Integer> successStatuses) {
    return new DeliveryPolicy(RetrySchedule.DEFAULT, 5000, successStatuses,
        AutoDisablePolicy.DEFAULT);
  }

  static Verdict classify(HttpOutcome outcome) {
    return OutcomeClassifier.classify(outcome, ANY_2XX);
  }

  @Test
  void successStatusesNarrowWhatDelivers() {
    DeliveryPolicy only200 = policy(List.of(200));
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(200, null, null, 1), only200))
        .isInstanceOf(Verdict.Delivered.class);
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(201, null, null, 1), only200))
        .isEqualTo(new Verdict.Retry(null));
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(204, null, null, 1), only200))
        .isEqualTo(new Verdict.Retry(null));
    // a status outside 2xx may be named too
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(302, null, null, 1),
        policy(List.of(200, 302)))).isInstanceOf(Verdict.Delivered.class);
  }

  @Test
  void everyTwoHundredIsDelivered() {
    for (int code : new int[] {200, 201, 202, 204, 299}) {
      assertThat(classify(HttpOutcome.response(code, null, null, 1)))
          .isInstanceOf(Verdict.Delivered.class);
    }
  }

  @Test
  void goneDisablesAndEverythingElseRetries() {
    assertThat(classify(HttpOutcome.response(410, null, null, 1)))
        .isInstanceOf(Verdict.Gone.class);
    for (int code : new int[] {301, 302, 304, 400, 401, 404, 409, 422, 500, 502, 504}) {
      assertThat(classify(HttpOutcome.response(code, null, Duration.ofSeconds(9), 1)))
          .isEqualTo(new Verdict.Retry(null));
    }
    assertThat(classify(HttpOutcome.failure("timeout", 5000)))
        .isEqualTo(new Verdict.Retry(null));
    assertThat(classify(HttpOutcome.refused("private address")))
        .isInstanceOf(Verdict.Permanent.class);
  }

  @Test
  void retryAfterCountsOnlyOn429And503() {
    Duration wait = Duration.ofSeconds(120);
    assertThat(classify(HttpOutcome.response(429, null, wait, 1)))
        .isEqualTo(new Verdict.Retry(wait));
    assertThat(classify(HttpOutcome.response(503, null, wait, 1)))
        .isEqualTo(new Verdict.Retry(wait));
  }

  @Test
  void parsesRetryAfterSecondsAndDates() {
    assertThat(RetryAfter.parse("120", clock)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 12:05:00 GMT", clock))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 11:00:00 GMT", clock)).isNull();
    assertThat(RetryAfter.parse("0", clock)).isNull();
    assertThat(RetryAfter.parse("soon", clock)).isNull();
    assertThat(RetryAfter.parse(null, clock)).isNull();
  }
}
