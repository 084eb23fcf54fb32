package io.hookstream.ingest.events;

import io.github.bucket4j.Bucket;
import io.hookstream.ingest.api.TooManyRequests;
import io.hookstream.model.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How many events per second one tenant may publish through the API ({@code
 * HOOKSTREAM_TENANT_PUBLISH_RATE}; 0 means no limit), as a token bucket per tenant that allows a
 * second's worth at once. Beyond it a publish answers 429 with the wait in {@code Retry-After}.
 */
final class PublishQuota {
  private final int perSecond;
  private final Map<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

  PublishQuota(int perSecond) {
    this.perSecond = perSecond;
  }

  void take(TenantId tenant) {
    if (perSecond <= 0) {
      return;
    }
    Bucket bucket = buckets.computeIfAbsent(tenant, t -> Bucket.builder()
        .addLimit(l -> l.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .build());
    var probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(
          probe.getNanosToWaitForRefill() + 999_999_999L));
      throw new TooManyRequests("tenant " + tenant + " may publish " + perSecond
          + " events per second (HOOKSTREAM_TENANT_PUBLISH_RATE)", (int) seconds);
    }
  }
}
