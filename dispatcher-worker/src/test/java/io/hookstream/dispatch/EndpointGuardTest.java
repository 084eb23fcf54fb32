package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EndpointGuardTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
  final EndpointGuard guard = new EndpointGuard(3, Duration.ofSeconds(20), clock);
  final SubscriptionId endpoint = SubscriptionId.of("sub_x");

  @Test
  void opensAfterConsecutiveFailuresThenProbesWithOneAfterTheCoolDown() {
    fail(3);
    assertThat(guard.permit(endpoint)).isFalse();
    assertThat(guard.openCircuits()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(19));
    assertThat(guard.permit(endpoint)).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(guard.permit(endpoint)).isTrue();
    assertThat(guard.permit(endpoint)).as("only one probe").isFalse();
    guard.succeeded(endpoint, 5);
    assertThat(guard.openCircuits()).isZero();
    for (int i = 0; i < 10; i++) {
      assertThat(guard.permit(endpoint)).isTrue();
    }
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() {
    fail(3);
    clock.advance(Duration.ofSeconds(21));
    assertThat(guard.permit(endpoint)).isTrue();
    guard.failed(endpoint, 5);
    assertThat(guard.permit(endpoint)).isFalse();
    clock.advance(Duration.ofSeconds(21));
    assertThat(guard.permit(endpoint)).isTrue();
  }

  @Test
  void aSuccessInBetweenStartsTheCountAgain() {
    fail(2);
    guard.succeeded(endpoint, 5);
    fail(2);
    assertThat(guard.permit(endpoint)).isTrue();
    fail(1);
    assertThat(guard.permit(endpoint)).isFalse();
  }

  @Test
  void resetClosesTheCircuit() {
    fail(3);
    guard.reset(endpoint);
    assertThat(guard.permit(endpoint)).isTrue();
  }

  @Test
  void rateLimitSpacesRequests() {
    Subscription sub = Subscription.builder(endpoint, TenantId.of("acme"), "https://e.com")
        .rateLimitPerSecond(2).build();
    assertThat(guard.rateWaitNanos(sub)).isZero();
    assertThat(guard.rateWaitNanos(sub)).isZero();
    long wait = guard.rateWaitNanos(sub);
    assertThat(wait).isBetween(1L, Duration.ofMillis(500).toNanos());
    clock.advance(Duration.ofMillis(500));
    assertThat(guard.rateWaitNanos(sub)).isZero();
    Subscription unlimited = sub.toBuilder().rateLimitPerSecond(null).build();
    for (int i = 0; i < 100; i++) {
      assertThat(guard.rateWaitNanos(unlimited)).isZero();
    }
  }

  void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(guard.permit(endpoint)).isTrue();
      guard.failed(endpoint, 5);
    }
  }
}
