package io.hookstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.retry.RetrySchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {
  static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final RetrySchedule DEPLOYMENT = RetrySchedule.parse("1s,2s");

  static Subscription.Builder sub() {
    return Subscription.builder(SubscriptionId.of("sub_1"), ACME, "https://e.com/").events(List.of("*"));
  }

  static Tenant tenant(RetrySchedule schedule, Integer timeout, List<Integer> statuses,
      AutoDisablePolicy autoDisable) {
    return Tenant.create(ACME, "Acme", null, T).withSettings(
        new Tenant.Settings("Acme", autoDisable, schedule, timeout, statuses, null), T);
  }

  @Test
  void eachFieldIsTheSubscriptionsElseTheTenantsElseTheDeployments() {
    DeliveryPolicy plain = DeliveryPolicy.of(sub().build(), null, DEPLOYMENT);
    assertThat(plain).isEqualTo(new DeliveryPolicy(DEPLOYMENT, 5000, List.of(),
        AutoDisablePolicy.DEFAULT));

    Tenant t = tenant(RetrySchedule.parse("10s"), 8000, List.of(200, 202),
        new AutoDisablePolicy(null, Duration.ofDays(1), null));
    assertThat(DeliveryPolicy.of(sub().build(), t, DEPLOYMENT)).isEqualTo(new DeliveryPolicy(
        RetrySchedule.parse("10s"), 8000, List.of(200, 202),
        new AutoDisablePolicy(null, Duration.ofDays(1), null)));

    Subscription own = sub().retrySchedule(RetrySchedule.NONE).timeoutMs(10_000)
        .successStatuses(List.of(200)).autoDisable(new AutoDisablePolicy(null, null, 5)).build();
    assertThat(DeliveryPolicy.of(own, t, DEPLOYMENT)).isEqualTo(new DeliveryPolicy(
        RetrySchedule.NONE, 10_000, List.of(200), new AutoDisablePolicy(null, null, 5)));
    // fields mix: the subscription sets one, the tenant another
    Subscription mixed = sub().timeoutMs(3000).build();
    DeliveryPolicy m = DeliveryPolicy.of(mixed, t, DEPLOYMENT);
    assertThat(m.timeoutMs()).isEqualTo(3000);
    assertThat(m.retrySchedule()).isEqualTo(RetrySchedule.parse("10s"));
  }

  @Test
  void successIsAny2xxUnlessStatusesAreNamed() {
    DeliveryPolicy any = DeliveryPolicy.of(sub().build(), null, DEPLOYMENT);
    assertThat(any.delivered(200)).isTrue();
    assertThat(any.delivered(299)).isTrue();
    assertThat(any.delivered(300)).isFalse();
    assertThat(any.delivered(199)).isFalse();
    DeliveryPolicy only200 = DeliveryPolicy.of(sub().successStatuses(List.of(200)).build(), null,
        DEPLOYMENT);
    assertThat(only200.delivered(200)).isTrue();
    assertThat(only200.delivered(201)).isFalse();
  }

  @Test
  void consecutiveFailedAttemptsDisable() {
    EndpointHealth h = EndpointHealth.empty(SubscriptionId.of("sub_1"), ACME);
    AutoDisablePolicy five = new AutoDisablePolicy(null, null, 5);
    for (int i = 0; i < 4; i++) {
      h = h.after(attempt(AttemptOutcome.RETRY_SCHEDULED));
    }
    assertThat(five.breachedBy(h, T)).isNull();
    h = h.after(attempt(AttemptOutcome.DEAD_LETTERED));
    assertThat(five.breachedBy(h, T)).isEqualTo("5 consecutive failed attempts");
    assertThat(five.breachedBy(h.after(attempt(AttemptOutcome.DELIVERED)), T)).isNull();
  }

  static DeliveryAttempt attempt(AttemptOutcome outcome) {
    return new DeliveryAttempt(1, DeliveryId.of(ACME, EventId.of("evt_1"), SubscriptionId.of("sub_1")),
        ACME, SubscriptionId.of("sub_1"), EventId.of("evt_1"), "t", 1, T, 1, 500, null, null,
        outcome, null, null, null, null, null, null);
  }
}
