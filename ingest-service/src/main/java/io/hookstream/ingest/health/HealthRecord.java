package io.hookstream.ingest.health;

import io.hookstream.model.EndpointHealth;

/**
 * What the health store keeps per subscription: its health and the position (partition, offset)
 * in {@code hookstream.attempts} of the last attempt applied to it. Attempts of one subscription
 * share a partition, so an attempt at or before that position was applied already: read again
 * after a crash (the views are at-least-once), it changes nothing.
 */
public record HealthRecord(EndpointHealth health, int partition, long offset,
    java.time.Instant failingReported, Integer failedSinceReported) {
  /**
   * @param failingReported the start of the failing streak the tenant was told of, until a
   *     success is announced as its recovery (kept across a disable, which restarts the counts)
   * @param failedSinceReported failed attempts since that streak began
   */
  public HealthRecord(EndpointHealth health, int partition, long offset) {
    this(health, partition, offset, null, null);
  }

  /** Whether the attempt at {@code partition}/{@code offset} is already in this health. */
  boolean applied(int atPartition, long atOffset) {
    return partition == atPartition && atOffset <= offset;
  }
}
