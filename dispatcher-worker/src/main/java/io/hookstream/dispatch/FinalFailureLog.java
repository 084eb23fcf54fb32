package io.hookstream.dispatch;

import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.SubscriptionId;
import io.hookstream.outbound.HttpOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per delivery that ends without success (dead-lettered), saying which webhook,
 * which attempt and why: at most one line per webhook per {@link #EVERY}; the ones left out are
 * counted in the next line of that webhook. Only status codes and Hookstream's own error text are
 * logged, never a header value or a body.
 */
final class FinalFailureLog {
  private static final Logger log = LoggerFactory.getLogger(FinalFailureLog.class);
  static final Duration EVERY = Duration.ofMinutes(1);
  /** Webhooks remembered at most; past it the memory starts over (a line more, not fewer). */
  private static final int MAX_WEBHOOKS = 10_000;

  private final Clock clock;
  private final Map<SubscriptionId, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    long loggedAtMs;
    int leftOut;
  }

  FinalFailureLog(Clock clock) {
    this.clock = clock;
  }

  /** Logs this failure unless its webhook had a line in the last minute; answers whether it did. */
  boolean failed(DeliveryTask task, AttemptOutcome reason, HttpOutcome http) {
    long now = clock.millis();
    if (windows.size() > MAX_WEBHOOKS) {
      windows.clear();
    }
    Window window = windows.computeIfAbsent(task.subscriptionId(), id -> new Window());
    int leftOut;
    synchronized (window) {
      if (window.loggedAtMs != 0 && now - window.loggedAtMs < EVERY.toMillis()) {
        window.leftOut++;
        return false;
      }
      leftOut = window.leftOut;
      window.loggedAtMs = now;
      window.leftOut = 0;
    }
    log.info("delivery failed finally: webhook {} of tenant {}, event {} ({}), attempt {}: {};"
            + " parked in hookstream.dlq{}", task.subscriptionId(), task.tenant(), task.eventId(),
        task.eventType(), task.attempt(), why(reason, http), leftOut == 0 ? ""
            : " (and " + leftOut + " more of this webhook in the last minute)");
    return true;
  }

  private static String why(AttemptOutcome reason, HttpOutcome http) {
    String what = http.status() != null ? "answered " + http.status()
        : http.error() != null ? http.error() : "no answer";
    return switch (reason) {
      case GONE -> "answered 410 Gone, the webhook is disabled";
      case DISABLED -> what;
      default -> what + " and its retry schedule is used up";
    };
  }
}
