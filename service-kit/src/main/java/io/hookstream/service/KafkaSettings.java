package io.hookstream.service;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How to reach Kafka: {@code KAFKA_BOOTSTRAP_SERVERS} plus any client property given as
 * {@code HOOKSTREAM_KAFKA_<PROPERTY>} ({@code HOOKSTREAM_KAFKA_SECURITY_PROTOCOL=SASL_SSL} sets
 * {@code security.protocol}), applied to every producer, consumer, admin and Streams client.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
  public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String PROPERTY_PREFIX = "HOOKSTREAM_KAFKA_";

  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, Map.of());
  }

  /** Reads the settings; {@code KAFKA_BOOTSTRAP_SERVERS} is required. */
  public static KafkaSettings fromEnv(Env env) {
    String bootstrap = env.optional(BOOTSTRAP_VARIABLE).orElseThrow(() -> new ConfigException(
        BOOTSTRAP_VARIABLE, null, "must list the Kafka brokers, like broker1:9092,broker2:9092"));
    return fromEnv(env, bootstrap);
  }

  /** Reads the pass-through client properties, with the bootstrap servers given. */
  public static KafkaSettings fromEnv(Env env, String bootstrapServers) {
    Map<String, String> props = new HashMap<>();
    env.withPrefix(PROPERTY_PREFIX).forEach((name, value) ->
        props.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
    return new KafkaSettings(bootstrapServers, props);
  }

  /** The common client configuration plus {@code extra}; the operator's properties win last. */
  public Map<String, Object> client(Map<String, ?> extra) {
    Map<String, Object> out = new HashMap<>();
    out.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    out.putAll(extra);
    out.putAll(clientProperties);
    return out;
  }
}
