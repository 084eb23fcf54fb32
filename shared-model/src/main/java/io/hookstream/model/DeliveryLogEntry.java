package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One delivery as the delivery log shows it: the event, the subscription, its status and its
 * attempts (the newest {@value #MAX_ATTEMPTS}), built from {@code hookstream.attempts}. A body a
 * template rendered is kept ({@code body}), so a replay sends the same bytes; {@code test} marks
 * a test send.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryLogEntry(
    DeliveryId id,
    TenantId tenant,
    SubscriptionId subscriptionId,
    EventId eventId,
    String eventType,
    Status status,
    Instant firstAttemptAt,
    Instant lastAttemptAt,
    int attemptCount,
    List<Attempt> attempts,
    RawJson body,
    Boolean test,
    Long sequence) {

  public static final int MAX_ATTEMPTS = 20;

  public DeliveryLogEntry {
    attempts = List.copyOf(attempts);
  }

  /** Where a delivery stands. */
  public enum Status {
    /** Delivered (2xx). */
    SUCCEEDED,
    /** Failed, with another attempt scheduled. */
    PENDING,
    /** Will not be attempted again on its own: dead-lettered, gone, disabled or skipped. */
    FAILED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Status parse(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public static Status of(AttemptOutcome outcome) {
      return switch (outcome) {
        case DELIVERED -> SUCCEEDED;
        case RETRY_SCHEDULED, HALTED -> PENDING;
        default -> FAILED;
      };
    }
  }

  /** One attempt, as the log keeps it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attempt(int attempt, Instant at, long durationMs, Integer statusCode, String error,
      String response, AttemptOutcome outcome, Instant nextAttemptAt) {
    static Attempt of(DeliveryAttempt a) {
      String response = a.response() == null || a.response().length() <= DeliveryAttempt.MAX_RESPONSE_CHARS
          ? a.response() : a.response().substring(0, DeliveryAttempt.MAX_RESPONSE_CHARS);
      return new Attempt(a.attempt(), a.at(), a.durationMs(), a.statusCode(), a.error(), response,
          a.outcome(), a.nextAttemptAt());
    }
  }

  public static DeliveryLogEntry first(DeliveryAttempt a) {
    return new DeliveryLogEntry(a.deliveryId(), a.tenant(), a.subscriptionId(), a.eventId(),
        a.eventType(), Status.of(a.outcome()), a.at(), a.at(), 1, List.of(Attempt.of(a)), a.body(),
        a.test(), a.sequence());
  }

  /**
   * This entry with one more attempt; the status follows the newest attempt. An attempt it holds
   * already (same number, same time: the same record read again) leaves it as it is.
   */
  public DeliveryLogEntry with(DeliveryAttempt a) {
    if (attempts.stream().anyMatch(x -> x.attempt() == a.attempt() && x.at().equals(a.at()))) {
      return this;
    }
    List<Attempt> next = new ArrayList<>(attempts);
    next.add(Attempt.of(a));
    next.sort(java.util.Comparator.comparing(Attempt::at));
    if (next.size() > MAX_ATTEMPTS) {
      next = next.subList(next.size() - MAX_ATTEMPTS, next.size());
    }
    boolean newest = !a.at().isBefore(lastAttemptAt);
    return new DeliveryLogEntry(id, tenant, subscriptionId, eventId, eventType,
        newest ? Status.of(a.outcome()) : status, firstAttemptAt,
        newest ? a.at() : lastAttemptAt, attemptCount + 1, next, body != null ? body : a.body(),
        test, sequence != null ? sequence : a.sequence());
  }

  public boolean fromTestSend() {
    return Boolean.TRUE.equals(test);
  }

  @JsonIgnore
  public int lastAttemptNumber() {
    return attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).attempt();
  }
}
