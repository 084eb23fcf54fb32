package io.hookstream.standalone;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.service.Ports;
import java.io.IOException;
import java.nio.file.Files;
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
 * @param httpHost {@code HOOKSTREAM_HTTP_HOST} (127.0.0.1): the address the API listens on;
 *     {@code 0.0.0.0} to be reachable from other machines
 * @param httpPort {@code HOOKSTREAM_HTTP_PORT} (8080)
 * @param services {@code HOOKSTREAM_SERVICES} (all): which of ingest, dispatcher and
 *     retry-scheduler run here, e.g. to run the dispatcher as its own process
 */
record StandaloneConfig(Optional<String> bootstrapServers, int embeddedKafkaPort, Path dataDir,
    String httpHost, int httpPort, Set<String> services) {
  static final Set<String> ALL_SERVICES = Set.of("ingest", "dispatcher", "retry-scheduler");

  static StandaloneConfig fromEnv(Env env) {
    return new StandaloneConfig(
        env.optional("KAFKA_BOOTSTRAP_SERVERS"),
        env.port("HOOKSTREAM_EMBEDDED_KAFKA_PORT", 9092),
        env.path("HOOKSTREAM_DATA_DIR", Path.of("data")),
        env.host("HOOKSTREAM_HTTP_HOST", "127.0.0.1"),
        env.port("HOOKSTREAM_HTTP_PORT", 8080),
        services(env));
  }

  /**
   * Everything that would make the start fail later, checked before anything starts: both ports
   * free, the data directory writable. Throws a {@link ConfigException} naming the variable.
   */
  void requireStartable() {
    if (bootstrapServers.isEmpty()) {
      Ports.requireFree("127.0.0.1", embeddedKafkaPort, "HOOKSTREAM_EMBEDDED_KAFKA_PORT");
    }
    Ports.requireFree(httpHost, httpPort, "HOOKSTREAM_HTTP_PORT");
    try {
      Files.createDirectories(dataDir);
      Files.delete(Files.createTempFile(dataDir, ".write-check", ""));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("HOOKSTREAM_DATA_DIR", dataDir.toString(),
          "must be a directory this user can write (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + ")");
    }
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
