package io.hookstream.dispatch;

import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.TenantId;
import io.hookstream.outbound.HttpOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The dispatcher's meters. Tags stay bounded: outcome, status class, retry tier, reason; never a
 * URL, subscription or tenant.
 */
final class DispatchMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Map<AttemptOutcome, Counter> byOutcome = new EnumMap<>(AttemptOutcome.class);
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Counter> deferrals = new ConcurrentHashMap<>();
  private final Timer attemptDuration;
  private final Timer endToEnd;
  private final Counter deadLetters;
  private final boolean tenantTag;
  private final Map<String, Counter> byTenant = new ConcurrentHashMap<>();

  DispatchMetrics(MeterRegistry registry, boolean tenantTag) {
    this.registry = registry;
    this.tenantTag = tenantTag;
    for (AttemptOutcome outcome : AttemptOutcome.values()) {
      byOutcome.put(outcome, Counter.builder("hookstream_deliveries")
          .description("Delivery attempts and skips by what became of them")
          .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
    // Present from the start, so dashboards and alerts see zero rather than nothing.
    deferred("endpoint_busy", false);
    deferred("expired", false);
    attemptDuration = Timer.builder("hookstream_attempt_duration")
        .description("Time from sending a request to its response or failure")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    endToEnd = Timer.builder("hookstream_delivery_latency")
        .description("Time from an event's acceptance to its successful delivery")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(30))
        .register(registry);
    deadLetters = Counter.builder("hookstream_dlq_records")
        .description("Deliveries parked in the dead-letter topic").register(registry);
  }

  void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description)
        .register(registry);
  }

  void attempt(AttemptOutcome outcome, HttpOutcome http, TenantId tenant) {
    byOutcome.get(outcome).increment();
    if (tenantTag && tenant != null) {
      byTenant.computeIfAbsent(tenant.value() + '\n' + outcome.wireName(), k ->
          Counter.builder("hookstream_tenant_deliveries")
              .description("Delivery attempts and skips by tenant and outcome (opt-in)")
              .tag("tenant", tenant.value()).tag("outcome", outcome.wireName())
              .register(registry)).increment();
    }
    if (http != null) {
      attempts.computeIfAbsent(http.statusClass(), c -> Counter.builder("hookstream_attempts")
          .description("HTTP attempts by response status class")
          .tag("status_class", c).register(registry)).increment();
      attemptDuration.record(Duration.ofMillis(http.durationMs()));
    }
  }

  void delivered(Duration sinceEvent) {
    if (!sinceEvent.isNegative()) {
      endToEnd.record(sinceEvent);
    }
  }

  void retryScheduled(String tier) {
    retries.computeIfAbsent(tier, t -> Counter.builder("hookstream_retries_scheduled")
        .description("Deliveries handed to a retry tier").tag("tier", t).register(registry))
        .increment();
  }

  void deferred(String reason) {
    deferred(reason, true);
  }

  private void deferred(String reason, boolean count) {
    Counter c = deferrals.computeIfAbsent(reason, r -> Counter.builder(
        "hookstream_deliveries_deferred").description("Deliveries put off without an attempt"
        + " (endpoint_busy), dead-lettered unsent past their deadline (expired), or dropped as"
        + " replaced by a manual retry of the same delivery (replaced)")
        .tag("reason", r).register(registry));
    if (count) {
      c.increment();
    }
  }

  void deadLettered() {
    deadLetters.increment();
  }
}
