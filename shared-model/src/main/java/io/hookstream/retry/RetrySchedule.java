package io.hookstream.retry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hookstream.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delays between attempts, such as {@code 5s,5m,30m,2h,5h,10h}: the first retry waits 5 s, the
 * sixth 10 h, and a delivery that fails its seventh attempt goes to the DLQ. Empty means one
 * attempt and no retries. Written in JSON as a list like {@code ["30s","5m"]}. Pure: no clock, no
 * I/O. Any delay is reached by hopping through the fixed {@link RetryTiers}.
 */
public record RetrySchedule(List<Duration> delays) {
  public static final int MAX_STEPS = 20;
  public static final Duration MIN_DELAY = Duration.ofSeconds(1);
  public static final Duration MAX_DELAY = Duration.ofDays(7);
  /** A receiver's {@code Retry-After} is honoured up to this long per attempt. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  public static final RetrySchedule DEFAULT = parse("5s,5m,30m,2h,5h,10h");
  public static final RetrySchedule NONE = new RetrySchedule(List.of());
  static final String FORM = "a comma list of 0 to " + MAX_STEPS
      + " delays from 1s to 7d (or none), like 5s,5m,30m,2h";

  public RetrySchedule {
    delays = List.copyOf(delays);
    if (delays.size() > MAX_STEPS) {
      throw new IllegalArgumentException("at most " + MAX_STEPS + " delays");
    }
    for (Duration d : delays) {
      if (d.compareTo(MIN_DELAY) < 0 || d.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException("each delay from 1s to 7d, not " + Durations.format(d));
      }
    }
  }

  /** Parses a comma list of durations, or {@code none}; a failure's message says the form. */
  public static RetrySchedule parse(String spec) {
    if (spec != null && spec.trim().equalsIgnoreCase("none")) {
      return NONE;
    }
    List<String> parts = spec == null ? List.of() : List.of(spec.split(",", -1));
    return fromWire(parts);
  }

  /** From its JSON form, a list like {@code ["30s","5m"]}. */
  @JsonCreator
  public static RetrySchedule fromWire(List<String> delays) {
    List<Duration> out = new ArrayList<>();
    try {
      for (String part : delays) {
        out.add(Durations.parse(part));
      }
      return new RetrySchedule(out);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(FORM);
    }
  }

  @JsonValue
  public List<String> wire() {
    return delays.stream().map(Durations::format).toList();
  }

  public int steps() {
    return delays.size();
  }

  public Duration delay(int step) {
    return delays.get(step);
  }

  /** The whole span of the schedule: every delay added up. */
  public Duration span() {
    return delays.stream().reduce(Duration.ZERO, Duration::plus);
  }

  /**
   * How long to wait after a failed attempt when {@code used} steps are already spent, or empty
   * when the schedule is exhausted. A {@code retryAfter} from the receiver lengthens this one wait
   * (up to {@link #MAX_RETRY_AFTER}); it never uses up further steps.
   */
  public Optional<Duration> delayAfter(int used, Duration retryAfter) {
    if (used < 0 || used >= delays.size()) {
      return Optional.empty();
    }
    Duration wait = delays.get(used);
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
      if (wait.compareTo(delays.get(used)) < 0) {
        wait = delays.get(used);
      }
    }
    return Optional.of(wait);
  }

  @Override
  public String toString() {
    return delays.isEmpty() ? "none" : String.join(",", wire());
  }
}
