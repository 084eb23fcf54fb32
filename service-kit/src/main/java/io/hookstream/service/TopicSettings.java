package io.hookstream.service;

import io.hookstream.config.Env;
import io.hookstream.topics.TopicLayout;
import io.hookstream.topics.TopicSpec;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.List;

/**
 * How Hookstream's topics are laid out and whether a service creates them at start.
 *
 * @param replication replication factor for created topics and Kafka Streams' internal topics;
 *     -1 takes the broker's {@code default.replication.factor}
 * @param minInsyncReplicas {@code min.insync.replicas} of created topics; 0 leaves the broker's
 *     default. Unset, it is 2 for a replication factor of 3 or more (an acknowledged write then
 *     survives the loss of a broker), else the broker's default.
 */
public record TopicSettings(TopicLayout layout, short replication, int minInsyncReplicas,
    boolean createTopics) {

  public static TopicSettings fromEnv(Env env, boolean createByDefault) {
    TopicLayout defaults = TopicLayout.DEFAULT;
    TopicLayout layout = new TopicLayout(
        env.integer("HOOKSTREAM_EVENTS_PARTITIONS", defaults.eventPartitions(), 1, 1000),
        env.integer("HOOKSTREAM_DELIVERIES_PARTITIONS", defaults.deliveryPartitions(), 1, 1000),
        env.duration("HOOKSTREAM_EVENTS_RETENTION", defaults.eventRetention(),
            Duration.ofHours(1), Duration.ofDays(3650)),
        env.duration("HOOKSTREAM_DELIVERIES_RETENTION", defaults.deliveryRetention(),
            Duration.ofHours(1), Duration.ofDays(3650)),
        env.duration("HOOKSTREAM_ATTEMPTS_RETENTION", defaults.attemptRetention(),
            Duration.ofHours(1), Duration.ofDays(3650)));
    short replication = (short) env.integer("HOOKSTREAM_REPLICATION_FACTOR", -1, -1, 32);
    if (replication == 0) {
      throw new io.hookstream.config.ConfigException("HOOKSTREAM_REPLICATION_FACTOR", "0",
          "must be -1 (the broker's default) or from 1 to 32");
    }
    int minIsr = env.integer("HOOKSTREAM_MIN_INSYNC_REPLICAS", replication >= 3 ? 2 : 0, 1, 32);
    if (replication > 0 && minIsr > replication) {
      throw new io.hookstream.config.ConfigException("HOOKSTREAM_MIN_INSYNC_REPLICAS",
          String.valueOf(minIsr), "must not exceed HOOKSTREAM_REPLICATION_FACTOR (" + replication
              + "), or no write could ever be acknowledged");
    }
    boolean create = env.bool("HOOKSTREAM_CREATE_TOPICS", createByDefault);
    return new TopicSettings(layout, replication, minIsr, create);
  }

  public List<TopicSpec> specs() {
    return Topics.all(layout);
  }

  /** Creates the missing topics when configured to, else checks that {@code needed} exist. */
  public void prepare(KafkaSettings kafka, List<String> needed) {
    if (createTopics) {
      TopicAdmin.createMissing(kafka, specs(), replication, minInsyncReplicas);
    } else {
      TopicAdmin.requireExisting(kafka, needed);
    }
  }
}
