package io.hookstream.topics;

import java.time.Duration;

/**
 * Partition counts and retention, chosen by the operator. Partitions bound parallelism: the router
 * runs at most {@code eventPartitions} tasks, dispatchers at most {@code deliveryPartitions}
 * consumers. Retry tiers must hold a delivery longer than their delay, so their retention is the
 * delivery retention, which must exceed the longest retry delay.
 */
public record TopicLayout(int eventPartitions, int deliveryPartitions, Duration eventRetention,
    Duration deliveryRetention, Duration attemptRetention) {
  public static final TopicLayout DEFAULT =
      new TopicLayout(6, 12, Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(14));
}
