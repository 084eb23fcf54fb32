package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void everyTwoHundredIsDelivered() {
    for (int code : new int[] {200, 201, 202, 204, 299}) {
      assertThat(OutcomeClassifier.classify(HttpOutcome.response(code, null, null, 1)))
          .isInstanceOf(Verdict.Delivered.class);
    }
  }

  @Test
  void goneDisablesAndEverythingElseRetries() {
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(410, null, null, 1)))
        .isInstanceOf(Verdict.Gone.class);
    for (int code : new int[] {301, 302, 304, 400, 401, 404, 409, 422, 500, 502, 504}) {
      assertThat(OutcomeClassifier.classify(HttpOutcome.response(code, null, Duration.ofSeconds(9), 1)))
          .isEqualTo(new Verdict.Retry(null));
    }
    assertThat(OutcomeClassifier.classify(HttpOutcome.failure("timeout", 5000)))
        .isEqualTo(new Verdict.Retry(null));
    assertThat(OutcomeClassifier.classify(HttpOutcome.refused("private address")))
        .isInstanceOf(Verdict.Permanent.class);
  }

  @Test
  void retryAfterCountsOnlyOn429And503() {
    Duration wait = Duration.ofSeconds(120);
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(429, null, wait, 1)))
        .isEqualTo(new Verdict.Retry(wait));
    assertThat(OutcomeClassifier.classify(HttpOutcome.response(503, null, wait, 1)))
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
