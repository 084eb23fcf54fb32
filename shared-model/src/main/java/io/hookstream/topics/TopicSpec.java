package io.hookstream.topics;

import java.util.Map;

/**
 * How one topic is laid out: its name, partitions, and the topic configs Hookstream relies on
 * (compaction for state, retention for history).
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String key,
    String purpose) {
  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  public boolean compacted() {
    return "compact".equals(configs.get("cleanup.policy"));
  }
}
