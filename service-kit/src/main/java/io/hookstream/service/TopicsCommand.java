package io.hookstream.service;

import io.hookstream.config.Env;
import io.hookstream.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code topics} command of every service jar: prints the {@code kafka-topics.sh} lines that
 * create Hookstream's topics by hand, laid out exactly as {@code HOOKSTREAM_CREATE_TOPICS=true}
 * would create them with the same environment (partitions, retention, replication, min ISR).
 */
public final class TopicsCommand {
  private TopicsCommand() {}

  public static List<String> lines(Env env) {
    TopicSettings settings = TopicSettings.fromEnv(env, false);
    String bootstrap = env.optional(KafkaSettings.BOOTSTRAP_VARIABLE)
        .orElse("\"$KAFKA_BOOTSTRAP_SERVERS\"");
    List<String> out = new ArrayList<>();
    out.add("# Hookstream topics; add --command-config <client.properties> for a TLS/SASL cluster.");
    out.add("# The router (ingest-service) creates its own Kafka Streams topics, prefixed "
        + io.hookstream.topics.Topics.ROUTER_APPLICATION_ID + "-.");
    for (TopicSpec spec : settings.specs()) {
      out.add(line(spec, settings, bootstrap));
    }
    return out;
  }

  private static String line(TopicSpec spec, TopicSettings settings, String bootstrap) {
    StringBuilder b = new StringBuilder("kafka-topics.sh --bootstrap-server ").append(bootstrap)
        .append(" --create --if-not-exists --topic ").append(spec.name())
        .append(" --partitions ").append(spec.partitions());
    if (settings.replication() > 0) {
      b.append(" --replication-factor ").append(settings.replication());
    }
    Map<String, String> configs = new TreeMap<>(TopicAdmin.configsFor(spec, settings.replication(),
        settings.minInsyncReplicas()));
    configs.forEach((name, value) -> b.append(" --config ").append(name).append('=').append(value));
    return b.toString();
  }
}
