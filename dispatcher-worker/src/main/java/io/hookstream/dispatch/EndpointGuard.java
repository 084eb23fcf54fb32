package io.hookstream.dispatch;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Protects endpoints, and the worker from them. A circuit breaker per endpoint (Resilience4j)
 * opens after N consecutive failed attempts, lets nothing through for a cool-down, then lets one
 * probe through; its success closes it. An optional rate limit per endpoint (Bucket4j) spaces
 * requests. Breakers exist only for endpoints that are failing; a success removes it again.
 */
final class EndpointGuard {
  private static final RuntimeException FAILED = new RuntimeException("attempt failed") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  private final CircuitBreakerConfig config;
  private final Clock clock;
  private final Duration coolDown;
  private final Map<SubscriptionId, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<SubscriptionId, Limiter> limiters = new ConcurrentHashMap<>();

  private record Limiter(int perSecond, Bucket bucket) {}

  EndpointGuard(int failuresToOpen, Duration coolDown, Clock clock) {
    this.clock = clock;
    this.coolDown = coolDown;
    this.config = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(failuresToOpen)
        .minimumNumberOfCalls(failuresToOpen)
        .failureRateThreshold(100f)
        .waitDurationInOpenState(coolDown)
        .permittedNumberOfCallsInHalfOpenState(1)
        .clock(clock)
        .build();
  }

  Duration coolDown() {
    return coolDown;
  }

  /** Takes a permit to call the endpoint now; false while its circuit refuses. */
  boolean permit(SubscriptionId endpoint) {
    CircuitBreaker b = breakers.get(endpoint);
    return b == null || b.tryAcquirePermission();
  }

  /** Nanoseconds to wait for the endpoint's rate limit; 0 when it may be called now. */
  long rateWaitNanos(Subscription sub) {
    Integer rate = sub.rateLimitPerSecond();
    if (rate == null) {
      limiters.remove(sub.id());
      return 0;
    }
    Limiter limiter = limiters.compute(sub.id(), (id, existing) ->
        existing != null && existing.perSecond() == rate ? existing : new Limiter(rate, bucket(rate)));
    var probe = limiter.bucket().tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
  }

  void succeeded(SubscriptionId endpoint, long durationMs) {
    CircuitBreaker b = breakers.get(endpoint);
    if (b != null) {
      b.onSuccess(durationMs, TimeUnit.MILLISECONDS);
      if (b.getState() == CircuitBreaker.State.CLOSED) {
        breakers.remove(endpoint, b);
      }
    }
  }

  void failed(SubscriptionId endpoint, long durationMs) {
    CircuitBreaker b = breakers.computeIfAbsent(endpoint,
        id -> CircuitBreaker.of(id.value(), config));
    b.onError(durationMs, TimeUnit.MILLISECONDS, FAILED);
  }

  /** Forgets the endpoint's failures: its circuit is closed (e.g. after it was re-enabled). */
  void reset(SubscriptionId endpoint) {
    breakers.remove(endpoint);
  }

  int openCircuits() {
    int open = 0;
    for (CircuitBreaker b : breakers.values()) {
      if (b.getState() != CircuitBreaker.State.CLOSED) {
        open++;
      }
    }
    return open;
  }

  private Bucket bucket(int perSecond) {
    TimeMeter time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Duration sinceEpoch = Duration.between(java.time.Instant.EPOCH, clock.instant());
        return sinceEpoch.toNanos();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(time)
        .build();
  }
}
