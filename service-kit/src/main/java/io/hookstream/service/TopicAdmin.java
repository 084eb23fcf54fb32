package io.hookstream.service;

import io.hookstream.topics.TopicSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Hookstream's topics, or checks that they exist and says which are missing. */
public final class TopicAdmin {
  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Creates every missing topic; existing topics are left as they are.
   *
   * @param replication the replication factor, or -1 for the broker's default
   * @param minInsyncReplicas the topics' {@code min.insync.replicas}, or 0 for the broker's default
   */
  public static void createMissing(KafkaSettings kafka, List<TopicSpec> specs, short replication,
      int minInsyncReplicas) {
    try (Admin admin = Admin.create(kafka.client(Map.of()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> create = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          Map<String, String> configs = configsFor(spec, replication, minInsyncReplicas);
          Optional<Short> factor = replication > 0 ? Optional.of(replication) : Optional.empty();
          create.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), factor)
              .configs(configs));
        }
      }
      if (create.isEmpty()) {
        return;
      }
      for (var entry : admin.createTopics(create).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          log.info("created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create Hookstream's topics: " + e.getMessage(), e);
    }
  }

  /** The topic configs a topic is created with: its own, plus the min ISR when one is chosen. */
  static Map<String, String> configsFor(TopicSpec spec, short replication, int minInsyncReplicas) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    if (minInsyncReplicas > 0) {
      configs.put("min.insync.replicas", String.valueOf(minInsyncReplicas));
    }
    return configs;
  }

  /** Fails naming every missing topic, so an operator knows what to create. */
  public static void requireExisting(KafkaSettings kafka, List<String> names) {
    try (Admin admin = Admin.create(kafka.client(Map.of()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> missing = names.stream().filter(n -> !existing.contains(n)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("missing Kafka topics: " + String.join(", ", missing)
            + " (create them with the commands that `java -jar <service>.jar topics` prints,"
            + " or start with HOOKSTREAM_CREATE_TOPICS=true)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list Kafka topics at " + kafka.bootstrapServers()
          + ": " + e.getMessage(), e);
    }
  }
}
