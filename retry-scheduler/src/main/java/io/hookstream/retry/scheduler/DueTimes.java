package io.hookstream.retry.scheduler;

import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a tier record is due: its timestamp (written by the dispatcher when the attempt failed) plus
 * the delay its tier topic stands for. Pure.
 */
final class DueTimes {
  private final Map<String, Long> delayMillis = new ConcurrentHashMap<>();

  long dueAt(String tierTopic, long recordTimestamp) {
    long delay = delayMillis.computeIfAbsent(tierTopic, t -> Topics.retryDelay(t).toMillis());
    return recordTimestamp + delay;
  }

  static Duration untilDue(long dueAt, long now) {
    return Duration.ofMillis(Math.max(0, dueAt - now));
  }
}
