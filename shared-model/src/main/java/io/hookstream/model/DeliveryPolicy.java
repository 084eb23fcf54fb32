package io.hookstream.model;

import io.hookstream.retry.RetrySchedule;
import java.util.List;

/**
 * How one subscription's deliveries are made: each field is the subscription's own, else its
 * tenant's, else the deployment's. Pure.
 *
 * @param successStatuses the statuses that count as delivered; empty means any 2xx
 */
public record DeliveryPolicy(RetrySchedule retrySchedule, int timeoutMs,
    List<Integer> successStatuses, AutoDisablePolicy autoDisable) {
  public static final int DEFAULT_TIMEOUT_MS = 5_000;

  public DeliveryPolicy {
    successStatuses = successStatuses == null ? List.of() : List.copyOf(successStatuses);
  }

  /**
   * @param tenant the subscription's tenant, or null when it is not known (here)
   * @param deployment the deployment's retry schedule ({@code HOOKSTREAM_RETRY_SCHEDULE})
   */
  public static DeliveryPolicy of(Subscription sub, Tenant tenant, RetrySchedule deployment) {
    RetrySchedule schedule = first(sub.retrySchedule(),
        tenant == null ? null : tenant.retrySchedule(), deployment);
    Integer timeout = first(sub.timeoutMs(), tenant == null ? null : tenant.timeoutMs(),
        DEFAULT_TIMEOUT_MS);
    List<Integer> statuses = first(sub.successStatuses(),
        tenant == null ? null : tenant.successStatuses(), List.of());
    AutoDisablePolicy autoDisable = first(sub.autoDisable(),
        tenant == null ? null : tenant.autoDisable(), AutoDisablePolicy.DEFAULT);
    return new DeliveryPolicy(schedule, timeout, statuses, autoDisable);
  }

  /** Whether an answer with {@code status} delivers. */
  public boolean delivered(int status) {
    return successStatuses.isEmpty() ? status >= 200 && status < 300
        : successStatuses.contains(status);
  }

  private static <T> T first(T own, T tenants, T deployment) {
    return own != null ? own : tenants != null ? tenants : deployment;
  }
}
