package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What became of one delivery attempt. Written in lower case: {@code retry_scheduled}. */
public enum AttemptOutcome {
  /** 2xx within the timeout. */
  DELIVERED,
  /** Failed; handed to a retry tier. */
  RETRY_SCHEDULED,
  /** Failed and the retry schedule is used up; parked in the DLQ. */
  DEAD_LETTERED,
  /** The endpoint answered 410 Gone: the subscription was disabled, the delivery parked in the DLQ. */
  GONE,
  /** Not sent: the subscription is disabled; parked in the DLQ so a replay covers it. */
  DISABLED,
  /** Not sent: the subscription was deleted before the attempt. */
  SKIPPED,
  /**
   * Failed, the schedule is used up (or the failure is permanent), and the FIFO endpoint halts on
   * it: the delivery stays at the head, its backlog behind it, until the endpoint is resumed.
   */
  HALTED,
  /** Failed, and not retried: a test send. */
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static AttemptOutcome of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
