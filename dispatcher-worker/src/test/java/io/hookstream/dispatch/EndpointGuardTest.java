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
  final EndpointGuard guard = new EndpointGuard(clock);
  final SubscriptionId endpoint = SubscriptionId.of("sub_x");

  @Test
  void aHealthyEndpointHasItsFullLimitAndNoState() {
    assertThat(guard.limit(endpoint, 100)).isEqualTo(100);
    guard.succeeded(endpoint, 100, 5, 100);
    assertThat(guard.limitedEndpoints()).isZero();
  }

  @Test
  void failuresHalveTheLimitDownToOneRequestAtATime() {
    int[] expected = {50, 25, 12, 6, 3, 1, 1, 1};
    for (int e : expected) {
      guard.failed(endpoint, 100, 5, 10);
      assertThat(guard.limit(endpoint, 100)).isEqualTo(e);
    }
    assertThat(guard.limitedEndpoints()).isEqualTo(1);
  }

  @Test
  void successesWhileBusyGrowItBackByOneAndARecoveredEndpointIsForgotten() {
    guard.failed(endpoint, 4, 5, 4);
    assertThat(guard.limit(endpoint, 4)).isEqualTo(2);
    guard.succeeded(endpoint, 4, 5, 0);
    assertThat(guard.limit(endpoint, 4)).as("not busy: no growth").isEqualTo(2);
    guard.succeeded(endpoint, 4, 5, 2);
    assertThat(guard.limit(endpoint, 4)).isEqualTo(3);
    guard.succeeded(endpoint, 4, 5, 2);
    assertThat(guard.limit(endpoint, 4)).isEqualTo(4);
    assertThat(guard.limitedEndpoints()).isZero();
  }

  @Test
  void anEndpointThatFailsSomeTriesKeepsDraining() {
    // two failures for every success, as a 2-of-3-tries endpoint: never below one in flight
    for (int i = 0; i < 30; i++) {
      guard.failed(endpoint, 100, 5, 1);
      guard.failed(endpoint, 100, 5, 1);
      guard.succeeded(endpoint, 100, 5, 1);
      assertThat(guard.limit(endpoint, 100)).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void resetAndIdleEvictionGiveAFreshStart() {
    guard.failed(endpoint, 100, 5, 10);
    guard.reset(endpoint);
    assertThat(guard.limit(endpoint, 100)).isEqualTo(100);
    guard.failed(endpoint, 100, 5, 10);
    Subscription limited = Subscription.builder(SubscriptionId.of("sub_r"), TenantId.of("acme"),
        "https://e.com").rateLimitPerSecond(5).build();
    guard.rateWaitNanos(limited);
    assertThat(guard.trackedEndpoints()).isEqualTo(2);
    clock.advance(EndpointGuard.IDLE.minusSeconds(1));
    guard.evictIdle();
    assertThat(guard.trackedEndpoints()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(2));
    guard.evictIdle();
    assertThat(guard.trackedEndpoints()).isZero();
    assertThat(guard.limit(endpoint, 100)).isEqualTo(100);
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
}
