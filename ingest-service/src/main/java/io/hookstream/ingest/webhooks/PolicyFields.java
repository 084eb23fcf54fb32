package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.config.Durations;
import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.retry.RetrySchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The delivery policy fields a webhook and a tenant share ({@code retrySchedule},
 * {@code successStatuses}, {@code autoDisable}), read with errors that name the field.
 */
public final class PolicyFields {
  public static final int MAX_SUCCESS_STATUSES = 20;
  private static final int MAX_COUNT = 1_000_000;

  private PolicyFields() {}

  /** {@code ["30s", "5m", "2h", "1d"]}: 0 to 20 delays from 1 s to 7 d; {@code []} no retries. */
  public static RetrySchedule retrySchedule(JsonNode node, String field) {
    if (!node.isArray()) {
      throw JsonInput.wrongType(field, "an array of delays like [\"30s\", \"5m\", \"2h\"]");
    }
    if (node.size() > RetrySchedule.MAX_STEPS) {
      throw ApiException.invalid(field, field + " may hold at most " + RetrySchedule.MAX_STEPS
          + " delays");
    }
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String name = field + "[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        throw JsonInput.wrongType(name, "a delay like \"30s\", \"5m\", \"2h\" or \"1d\"");
      }
      Duration d;
      try {
        d = Durations.parse(item.textValue());
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(name, name + " must be a delay like \"30s\", \"5m\", \"2h\" or"
            + " \"1d\"");
      }
      if (d.compareTo(RetrySchedule.MIN_DELAY) < 0 || d.compareTo(RetrySchedule.MAX_DELAY) > 0) {
        throw ApiException.invalid(name, name + " must be from 1s to 7d");
      }
      delays.add(d);
    }
    return new RetrySchedule(delays);
  }

  /** {@code [200]}: 1 to 20 distinct HTTP statuses from 100 to 599. */
  public static List<Integer> successStatuses(JsonNode node, String field) {
    if (!node.isArray() || node.isEmpty()) {
      throw JsonInput.wrongType(field, "a non-empty array of HTTP statuses like [200]");
    }
    if (node.size() > MAX_SUCCESS_STATUSES) {
      throw ApiException.invalid(field, field + " may hold at most " + MAX_SUCCESS_STATUSES
          + " statuses");
    }
    Set<Integer> out = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String name = field + "[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < 100
          || item.intValue() > 599) {
        throw ApiException.invalid(name, name + " must be an HTTP status from 100 to 599");
      }
      if (!out.add(item.intValue())) {
        throw ApiException.invalid(name, name + " repeats " + item.intValue());
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code {consecutiveFailedDeliveries?, failingFor?, consecutiveFailedAttempts?}}; a rule given
   * as null is off, an absent one keeps {@code current}'s.
   */
  public static AutoDisablePolicy autoDisable(JsonNode node, AutoDisablePolicy current,
      String field) {
    if (!node.isObject()) {
      throw JsonInput.wrongType(field, "an object {consecutiveFailedDeliveries, failingFor,"
          + " consecutiveFailedAttempts}");
    }
    String prefix = field + ".";
    JsonInput in = JsonInput.of((ObjectNode) node, prefix).allowOnly(
        Set.of("consecutiveFailedDeliveries", "failingFor", "consecutiveFailedAttempts"));
    AutoDisablePolicy base = current != null ? current : new AutoDisablePolicy(null, null, null);
    Integer deliveries = in.isExplicitNull("consecutiveFailedDeliveries") ? null
        : in.optionalInt("consecutiveFailedDeliveries", 1, MAX_COUNT)
            .orElse(base.consecutiveFailedDeliveries());
    Integer attempts = in.isExplicitNull("consecutiveFailedAttempts") ? null
        : in.optionalInt("consecutiveFailedAttempts", 1, MAX_COUNT)
            .orElse(base.consecutiveFailedAttempts());
    Duration failingFor = base.failingFor();
    if (in.isExplicitNull("failingFor")) {
      failingFor = null;
    } else if (in.has("failingFor")) {
      String raw = in.requiredString("failingFor", 16);
      try {
        failingFor = Durations.parse(raw);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(prefix + "failingFor",
            prefix + "failingFor must be a duration like 30m, 12h or 5d");
      }
      if (failingFor.compareTo(AutoDisablePolicy.MIN_FAILING_FOR) < 0) {
        throw ApiException.invalid(prefix + "failingFor", prefix + "failingFor must be at least "
            + Durations.format(AutoDisablePolicy.MIN_FAILING_FOR));
      }
    }
    return new AutoDisablePolicy(deliveries, failingFor, attempts);
  }
}
