package io.hookstream.retry;

import java.time.Duration;
import java.util.List;

/**
 * The fixed set of retry tier topics, and how a wait of any length hops through them. Each tier
 * holds records for one delay, so its partitions release in append order; a record whose due time
 * is further away than its tier's delay is written again to the largest tier that does not
 * overshoot what is left. Pure.
 *
 * <p>Timing: every hop is planned from the previous hop's planned release, not from when it was
 * actually handled, so hops add no drift. A remainder shorter than the smallest tier goes to that
 * tier back-dated to release exactly when due. A record is never released early; it is late only
 * by the scheduler's own latency, or, for a back-dated remainder, by at most the smallest tier
 * (1 s) while an earlier record at the head of that tier's partition is not yet due.
 */
public final class RetryTiers {
  /** The tier delays, shortest first: every delay of the default schedule is one of them. */
  public static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
      Duration.ofHours(5), Duration.ofHours(10), Duration.ofDays(1));
  /** The record header carrying a waiting delivery's due time, epoch milliseconds in decimal. */
  public static final String DUE_AT_HEADER = "hookstream-due-at";

  private RetryTiers() {}

  /**
   * The next hop of a record planned to be handled at {@code plannedAtMs} and due at
   * {@code dueAtMs}: the tier to write it to and the record timestamp to write it with (the tier
   * releases it at timestamp + delay). Null when it is due: send it now.
   */
  public static Hop next(long plannedAtMs, long dueAtMs) {
    long remaining = dueAtMs - plannedAtMs;
    if (remaining <= 0) {
      return null;
    }
    Duration tier = DELAYS.get(0);
    for (Duration d : DELAYS) {
      if (d.toMillis() <= remaining) {
        tier = d;
      }
    }
    long timestamp = tier.toMillis() <= remaining ? plannedAtMs
        : dueAtMs - tier.toMillis(); // back-dated: released exactly when due
    return new Hop(tier, timestamp);
  }

  /** How many hops a wait takes: {@code next} applied until due. */
  public static int hops(Duration wait) {
    int hops = 0;
    long at = 0;
    for (Hop hop = next(at, wait.toMillis()); hop != null; hop = next(at, wait.toMillis())) {
      at = hop.timestampMs() + hop.tier().toMillis();
      hops++;
    }
    return hops;
  }

  /** Where a waiting record goes next. */
  public record Hop(Duration tier, long timestampMs) {
    public long releaseAtMs() {
      return timestampMs + tier.toMillis();
    }
  }
}
