package io.hookstream.standalone;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The standalone's own settings; each service reads the rest of the environment itself.
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}; empty = start the embedded broker
 * @param embeddedKafkaPort {@code HOOKSTREAM_EMBEDDED_KAFKA_PORT} (9092), on 127.0.0.1
 * @param dataDir {@code HOOKSTREAM_DATA_DIR} (./data): Kafka's logs, the router's state, the
 *     generated admin token
 * @param services {@code HOOKSTREAM_SERVICES} (all): which of ingest, dispatcher and
 *     retry-scheduler run here, e.g. to run the dispatcher as its own process
 */
record StandaloneConfig(Optional<String> bootstrapServers, int embeddedKafkaPort, Path dataDir,
    int httpPort, Set<String> services) {
  static final Set<String> ALL_SERVICES = Set.of("ingest", "dispatcher", "retry-scheduler");

  static StandaloneConfig fromEnv(Env env) {
    return new StandaloneConfig(
        env.optional("KAFKA_BOOTSTRAP_SERVERS"),
        env.port("HOOKSTREAM_EMBEDDED_KAFKA_PORT", 9092),
        env.path("HOOKSTREAM_DATA_DIR", Path.of("data")),
        env.port("HOOKSTREAM_HTTP_PORT", 8080),
        services(env));
  }

  private static Set<String> services(Env env) {
    String raw = env.string("HOOKSTREAM_SERVICES", String.join(",", ALL_SERVICES));
    Set<String> out = new LinkedHashSet<>();
    for (String name : raw.split(",")) {
      String trimmed = name.trim();
      if (!ALL_SERVICES.contains(trimmed)) {
        throw new ConfigException("HOOKSTREAM_SERVICES", raw,
            "must be a comma list of ingest, dispatcher and retry-scheduler");
      }
      out.add(trimmed);
    }
    return out;
  }
}
