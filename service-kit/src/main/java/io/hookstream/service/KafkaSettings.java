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
 *
 * @param clientMetrics {@code HOOKSTREAM_METRICS_KAFKA} (summary): which of the Kafka clients'
 *     own meters {@code /metrics} shows; {@code summary} keeps, per client, lag, request and
 *     record rates and errors, {@code all} every one (thousands of series)
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties,
    Metrics.KafkaMeters clientMetrics) {
  public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String PROPERTY_PREFIX = "HOOKSTREAM_KAFKA_";

  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, Map.of(), Metrics.KafkaMeters.SUMMARY);
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
    String meters = env.string("HOOKSTREAM_METRICS_KAFKA", "summary");
    Metrics.KafkaMeters clientMetrics = switch (meters) {
      case "summary" -> Metrics.KafkaMeters.SUMMARY;
      case "all" -> Metrics.KafkaMeters.ALL;
      default -> throw new ConfigException("HOOKSTREAM_METRICS_KAFKA", meters,
          "must be summary or all");
    };
    return new KafkaSettings(bootstrapServers, props, clientMetrics);
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
