package io.hookstream.standalone;

import io.hookstream.config.Env;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The standalone's own settings; each service reads the rest of the environment itself.
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}; empty = start the embedded broker
 * @param embeddedKafkaPort {@code HOOKSTREAM_EMBEDDED_KAFKA_PORT} (9092), on 127.0.0.1
 * @param dataDir {@code HOOKSTREAM_DATA_DIR} (./data): Kafka's logs, the router's state, the
 *     generated admin token
 */
record StandaloneConfig(Optional<String> bootstrapServers, int embeddedKafkaPort, Path dataDir,
    int httpPort) {

  static StandaloneConfig fromEnv(Env env) {
    return new StandaloneConfig(
        env.optional("KAFKA_BOOTSTRAP_SERVERS"),
        env.port("HOOKSTREAM_EMBEDDED_KAFKA_PORT", 9092),
        env.path("HOOKSTREAM_DATA_DIR", Path.of("data")),
        env.port("HOOKSTREAM_HTTP_PORT", 8080));
  }
}
