package io.hookstream.standalone;

import org.awaitility.Awaitility;
import io.hookstream.config.Env;
import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.KafkaFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The standalone, in this JVM, on free ports and its own temp dir, with a short retry schedule. */
final class StandaloneFixture implements AutoCloseable {
  static final String ADMIN = "e2e-admin-token-0123456789";

  final Path dataDir;
  final Standalone standalone;
  final ApiClient api;

  StandaloneFixture(Map<String, String> extra) {
    this(newDataDir(), extra);
  }

  /** On an existing data dir (deleted on close, like a fresh one). */
  StandaloneFixture(Path dataDir, Map<String, String> extra) {
    this.dataDir = dataDir;
    Map<String, String> env = new HashMap<>(Map.of(
        "HOOKSTREAM_DATA_DIR", dataDir.toString(),
        "HOOKSTREAM_HTTP_PORT", "0",
        "HOOKSTREAM_EMBEDDED_KAFKA_PORT", String.valueOf(EmbeddedKafka.freePort()),
        "HOOKSTREAM_ADMIN_TOKEN", ADMIN,
        "HOOKSTREAM_RETRY_SCHEDULE", "1s,1s,1s",
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true",
        "HOOKSTREAM_EVENTS_PARTITIONS", "3",
        "HOOKSTREAM_DELIVERIES_PARTITIONS", "4"));
    env.putAll(extra);
    standalone = Standalone.start(Env.of(env), Clock.systemUTC());
    api = new ApiClient(standalone.httpPort());
    awaitReady();
  }

  private static Path newDataDir() {
    try {
      return Files.createTempDirectory("hookstream-e2e-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    Awaitility.await("standalone ready").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.get("/health/ready", null).status() == 200);
  }

  @Override
  public void close() {
    standalone.close();
    KafkaFixture.deleteRecursively(dataDir);
  }
}
