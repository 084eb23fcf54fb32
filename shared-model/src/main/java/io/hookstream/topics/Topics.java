package io.hookstream.topics;

import io.hookstream.config.Durations;
import io.hookstream.retry.RetryTiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that names Hookstream's topics and consumer groups, and says how each is laid out.
 *
 * <p>Partitioning: {@link #EVENTS} is keyed by tenant and {@link #SUBSCRIPTIONS} by
 * {@code tenant/subscription} with {@link TenantPartitioner}, and both have the same partition
 * count, so a tenant's subscriptions and events meet in one router task. Every delivery-side topic
 * is keyed by subscription id, so one endpoint's traffic stays on one partition.
 */
public final class Topics {
  public static final String EVENTS = "hookstream.events";
  public static final String SUBSCRIPTIONS = "hookstream.subscriptions";
  public static final String TENANTS = "hookstream.tenants";
  public static final String EVENT_TYPES = "hookstream.event-types";
  public static final String DELIVERIES = "hookstream.deliveries";
  public static final String ATTEMPTS = "hookstream.attempts";
  public static final String DLQ = "hookstream.dlq";
  /**
   * The latest run of each manually retried or replayed delivery, keyed by delivery id, written
   * by the ingest service's replayer before the retry itself: a scheduled attempt of an older run
   * is not sent (the retry replaced it). Compacted, and deleted after
   * {@link #DELIVERY_RUNS_RETENTION}, longer than any one wait of a schedule.
   */
  public static final String DELIVERY_RUNS = "hookstream.delivery-runs";
  public static final Duration DELIVERY_RUNS_RETENTION = Duration.ofDays(8);
  /**
   * The backlog of FIFO endpoints, keyed by subscription id, in each one's order: the dispatcher
   * moves a FIFO subscription's deliveries here as it reads them, so a blocked head never holds
   * a partition of {@link #DELIVERIES}; its FIFO worker (group {@link #FIFO_GROUP}) reads them
   * back one endpoint at a time.
   */
  public static final String FIFO_HOLD = "hookstream.fifo-hold";
  /**
   * Where each FIFO endpoint stands (last finished offset and sequence, the head's attempt and
   * next try, backlog), keyed by subscription id, written by the FIFO worker that owns the
   * endpoint's partition. Compacted: read back when a partition moves, and by the API.
   */
  public static final String FIFO_STATE = "hookstream.fifo-state";
  /**
   * Portal sessions revoked before they expire, keyed by session id, written by the ingest
   * service's portal and read by every instance. Compacted, and deleted after
   * {@link #PORTAL_REVOCATIONS_RETENTION}, longer than a session can last.
   */
  public static final String PORTAL_REVOCATIONS = "hookstream.portal-revocations";
  public static final Duration PORTAL_REVOCATIONS_RETENTION = Duration.ofDays(8);
  /**
   * Changes to tenants, the event catalog and subscriptions, as commands for their one owner: the
   * router task that owns the key applies each to the current state and writes the result.
   * Co-partitioned with the events: a tenant's commands and events meet in one task.
   */
  public static final String COMMANDS = "hookstream.commands";
  /** What became of each command, keyed by its id, read by the API instance that waits for it. */
  public static final String COMMAND_RESULTS = "hookstream.command-results";
  /**
   * The header on records the router wrote itself (catalog state, system events), so it does not
   * apply them twice when it reads them back, and can tell them from forgeries.
   */
  public static final String ORIGIN_HEADER = "hookstream-origin";
  public static final String ORIGIN_SYSTEM = "system";
  public static final String RETRY_PREFIX = "hookstream.retry.";

  /** Kafka Streams application id of the router; its internal topics start with it. */
  public static final String ROUTER_APPLICATION_ID = "hookstream-router";
  /** The ingest service's views (delivery log, endpoint health, event lookup), at-least-once. */
  public static final String VIEWS_APPLICATION_ID = "hookstream-views";
  public static final String DISPATCHER_GROUP = "hookstream-dispatcher";
  public static final String RETRY_SCHEDULER_GROUP = "hookstream-retry-scheduler";
  public static final String FIFO_GROUP = "hookstream-fifo";

  private Topics() {}

  /** The retry tier topic that holds deliveries for {@code delay}, e.g. {@code hookstream.retry.5m}. */
  public static String retryTier(Duration delay) {
    return RETRY_PREFIX + Durations.format(delay);
  }

  /** The retry tier topics, shortest delay first: one per {@link RetryTiers#DELAYS}. */
  public static List<String> retryTiers() {
    return RetryTiers.DELAYS.stream().map(Topics::retryTier).toList();
  }

  /**
   * Every retry tier topic, including those an older version made for its own schedule: the
   * scheduler consumes them all, so nothing waiting in one is stranded by an upgrade.
   */
  public static final java.util.regex.Pattern RETRY_TIER_PATTERN =
      java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(RETRY_PREFIX) + ".+");

  /** The delay a tier topic stands for; the inverse of {@link #retryTier}. */
  public static Duration retryDelay(String tierTopic) {
    if (!tierTopic.startsWith(RETRY_PREFIX)) {
      throw new IllegalArgumentException(tierTopic + " is not a retry tier topic");
    }
    return Durations.parse(tierTopic.substring(RETRY_PREFIX.length()));
  }

  /** Every topic Hookstream uses, with its layout. */
  public static List<TopicSpec> all(TopicLayout layout) {
    int ev = layout.eventPartitions();
    int dl = layout.deliveryPartitions();
    Map<String, String> compacted = Map.of("cleanup.policy", "compact",
        "min.compaction.lag.ms", "0", "segment.ms", String.valueOf(Duration.ofHours(1).toMillis()));
    List<TopicSpec> out = new ArrayList<>();
    out.add(new TopicSpec(EVENTS, ev, retention(layout.eventRetention()), "tenant id",
        "published events"));
    out.add(new TopicSpec(SUBSCRIPTIONS, ev, compacted, "tenant/subscription id",
        "subscriptions (compacted; co-partitioned with events)"));
    out.add(new TopicSpec(COMMANDS, ev, retention(Duration.ofDays(1)), "tenant id, tenant/subscription id or event-type:name",
        "catalog changes for their owner (co-partitioned with events)"));
    out.add(new TopicSpec(COMMAND_RESULTS, 1, retention(Duration.ofHours(1)), "command id",
        "what became of each catalog change"));
    out.add(new TopicSpec(TENANTS, 1, compacted, "tenant id", "tenants (compacted)"));
    out.add(new TopicSpec(EVENT_TYPES, 1, compacted, "event type name",
        "event catalog (compacted)"));
    out.add(new TopicSpec(DELIVERIES, dl, retention(layout.deliveryRetention()),
        "subscription id", "one record per event and matching subscription, due now"));
    for (String tier : retryTiers()) {
      out.add(new TopicSpec(tier, dl, retention(layout.deliveryRetention()), "subscription id",
          "deliveries waiting " + tier.substring(RETRY_PREFIX.length()) + " before their next attempt"));
    }
    out.add(new TopicSpec(ATTEMPTS, dl, retention(layout.attemptRetention()), "subscription id",
        "one record per delivery attempt"));
    out.add(new TopicSpec(DELIVERY_RUNS, dl, Map.of("cleanup.policy", "compact,delete",
        "retention.ms", String.valueOf(DELIVERY_RUNS_RETENTION.toMillis()),
        "min.compaction.lag.ms", "0", "segment.ms", String.valueOf(Duration.ofHours(1).toMillis())),
        "delivery id", "the latest run of each manually retried delivery (compacted)"));
    out.add(new TopicSpec(FIFO_HOLD, dl, retention(layout.deliveryRetention()), "subscription id",
        "the backlog of FIFO endpoints, each in its order"));
    out.add(new TopicSpec(FIFO_STATE, dl, compacted, "subscription id",
        "where each FIFO endpoint stands (compacted)"));
    out.add(new TopicSpec(PORTAL_REVOCATIONS, 1, Map.of("cleanup.policy", "compact,delete",
        "retention.ms", String.valueOf(PORTAL_REVOCATIONS_RETENTION.toMillis()),
        "min.compaction.lag.ms", "0", "segment.ms", String.valueOf(Duration.ofHours(1).toMillis())),
        "portal session id", "portal sessions revoked before they expire (compacted)"));
    out.add(new TopicSpec(DLQ, dl, retention(layout.attemptRetention()), "subscription id",
        "deliveries that will not be retried on their own"));
    return out;
  }

  private static Map<String, String> retention(Duration retention) {
    return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(retention.toMillis()));
  }
}
