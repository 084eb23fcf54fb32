package io.hookstream.dispatch;

import com.netflix.concurrency.limits.limit.AIMDLimit;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Protects endpoints, and the worker from them, without ever stopping progress.
 *
 * <ul>
 *   <li><b>Adaptive concurrency</b> per endpoint (AIMD, Netflix's concurrency-limits): every failed
 *       or timed-out attempt halves how many requests may be in flight to it, down to one; every
 *       success while it is busy adds one back, up to its {@code maxInFlight}. A sick endpoint
 *       gets one request at a time, but every delivery still gets its attempts on schedule, so
 *       it ends (delivered or dead-lettered) and auto-disable can act. State exists only for
 *       endpoints that failed, and is forgotten once they are back at full limit.
 *   <li><b>Rate limit</b> (Bucket4j) per subscription, when it sets {@code rateLimitPerSecond}.
 * </ul>
 *
 * Both are kept per endpoint in memory and evicted after {@link #IDLE} without use.
 */
final class EndpointGuard {
  /** Endpoint state unused this long is dropped: a limit starts afresh, a bucket full. */
  static final Duration IDLE = Duration.ofMinutes(10);
  /** A failure keeps this share of the limit (AIMD's multiplicative decrease). */
  static final double BACKOFF = 0.5;

  private final Clock clock;
  private final Map<SubscriptionId, Adaptive> limits = new ConcurrentHashMap<>();
  private final Map<SubscriptionId, Limiter> limiters = new ConcurrentHashMap<>();

  private static final class Adaptive {
    final int max;
    final AIMDLimit limit;
    volatile Instant lastUsed;

    Adaptive(int max, Instant now) {
      this.max = max;
      this.limit = AIMDLimit.newBuilder().initialLimit(max).minLimit(1).maxLimit(max)
          .backoffRatio(BACKOFF).timeout(1, TimeUnit.DAYS).build();
      this.lastUsed = now;
    }
  }

  private static final class Limiter {
    final int perSecond;
    final Bucket bucket;
    volatile Instant lastUsed;

    Limiter(int perSecond, Bucket bucket, Instant now) {
      this.perSecond = perSecond;
      this.bucket = bucket;
      this.lastUsed = now;
    }
  }

  EndpointGuard(Clock clock) {
    this.clock = clock;
  }

  /** How many requests may be in flight to the endpoint now, at most {@code max}. */
  int limit(SubscriptionId endpoint, int max) {
    Adaptive a = limits.get(endpoint);
    return a == null ? max : Math.min(max, a.limit.getLimit());
  }

  /** An attempt delivered: a busy endpoint's limit grows by one; a recovered one is forgotten. */
  void succeeded(SubscriptionId endpoint, int max, long durationMs, int inFlight) {
    Adaptive a = limits.get(endpoint);
    if (a == null) {
      return;
    }
    a.lastUsed = clock.instant();
    a.limit.onSample(0, TimeUnit.MILLISECONDS.toNanos(durationMs), inFlight, false);
    if (a.limit.getLimit() >= a.max) {
      limits.remove(endpoint, a);
    }
  }

  /** An attempt failed (any status but success, a timeout, no connection): the limit halves. */
  void failed(SubscriptionId endpoint, int max, long durationMs, int inFlight) {
    Adaptive a = limits.compute(endpoint, (id, existing) ->
        existing != null && existing.max == max ? existing : new Adaptive(max, clock.instant()));
    a.lastUsed = clock.instant();
    a.limit.onSample(0, TimeUnit.MILLISECONDS.toNanos(durationMs), inFlight, true);
  }

  /** Forgets the endpoint's failures (e.g. after it was re-enabled): full limit again. */
  void reset(SubscriptionId endpoint) {
    limits.remove(endpoint);
  }

  /** Endpoints whose limit is below their maximum: the ones being protected now. */
  int limitedEndpoints() {
    return limits.size();
  }

  /** Endpoints with any state held (limits and rate limiters), for the memory bound. */
  int trackedEndpoints() {
    return limits.size() + limiters.size();
  }

  /** Drops state unused for {@link #IDLE}. */
  void evictIdle() {
    Instant cutoff = clock.instant().minus(IDLE);
    limits.values().removeIf(a -> a.lastUsed.isBefore(cutoff));
    limiters.values().removeIf(l -> l.lastUsed.isBefore(cutoff));
  }

  /** Nanoseconds to wait for the endpoint's rate limit; 0 when it may be called now. */
  long rateWaitNanos(Subscription sub) {
    Integer rate = sub.rateLimitPerSecond();
    if (rate == null) {
      limiters.remove(sub.id());
      return 0;
    }
    Instant now = clock.instant();
    Limiter limiter = limiters.compute(sub.id(), (id, existing) ->
        existing != null && existing.perSecond == rate ? existing
            : new Limiter(rate, bucket(rate), now));
    limiter.lastUsed = now;
    var probe = limiter.bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
  }

  private Bucket bucket(int perSecond) {
    TimeMeter time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return Duration.between(Instant.EPOCH, clock.instant()).toNanos();
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
