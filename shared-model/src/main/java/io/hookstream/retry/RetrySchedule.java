package io.hookstream.retry;

import io.hookstream.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The delays between attempts, such as {@code 5s,5m,30m,2h,5h,10h}: the first retry waits 5 s, the
 * sixth 10 h, and a delivery that fails its seventh attempt goes to the DLQ. Each distinct delay is
 * one retry tier topic. Pure: no clock, no I/O.
 */
public record RetrySchedule(List<Duration> delays) {
  public static final int MAX_STEPS = 50;
  public static final RetrySchedule DEFAULT = parse("5s,5m,30m,2h,5h,10h");

  public RetrySchedule {
    delays = List.copyOf(delays);
    if (delays.isEmpty() || delays.size() > MAX_STEPS) {
      throw new IllegalArgumentException("1 to " + MAX_STEPS + " delays");
    }
    for (Duration d : delays) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("delays above zero");
      }
    }
  }

  /** Parses a comma list of durations; the message of a failure says what a valid list is. */
  public static RetrySchedule parse(String spec) {
    List<Duration> out = new ArrayList<>();
    try {
      for (String part : spec.split(",", -1)) {
        out.add(Durations.parse(part));
      }
      return new RetrySchedule(out);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a comma list of 1 to " + MAX_STEPS + " durations above zero, like 5s,5m,30m,2h");
    }
  }

  public int steps() {
    return delays.size();
  }

  public Duration delay(int step) {
    return delays.get(step);
  }

  /**
   * The step to use after a failed attempt, when {@code used} steps are already spent, or empty
   * when the schedule is exhausted. A {@code retryAfter} from the receiver moves on to the first
   * step whose delay is at least that long; beyond the longest delay it is capped at the last step.
   */
  public OptionalInt nextStep(int used, Duration retryAfter) {
    if (used >= delays.size()) {
      return OptionalInt.empty();
    }
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
      return OptionalInt.of(used);
    }
    for (int step = used; step < delays.size(); step++) {
      if (delays.get(step).compareTo(retryAfter) >= 0) {
        return OptionalInt.of(step);
      }
    }
    return OptionalInt.of(delays.size() - 1);
  }

  /**
   * The step that brings a deferred delivery back soonest without overshooting {@code wait}: the
   * longest delay no longer than it, or the shortest delay when every delay is longer.
   */
  public int stepForDeferral(Duration wait) {
    int best = 0;
    for (int step = 1; step < delays.size(); step++) {
      Duration d = delays.get(step);
      Duration current = delays.get(best);
      boolean fits = d.compareTo(wait) <= 0;
      boolean currentFits = current.compareTo(wait) <= 0;
      if (fits && (!currentFits || d.compareTo(current) > 0) || !fits && !currentFits
          && d.compareTo(current) < 0) {
        best = step;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return String.join(",", delays.stream().map(Durations::format).toList());
  }
}
