package io.hookstream.ingest;

import io.hookstream.config.Env;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The ingest Streams application on a TopologyTestDriver, built exactly as a running instance
 * builds it: the same two methods, from the documented default configuration.
 */
final class RouterDriver {
  private RouterDriver() {}

  static TopologyTestDriver start(Path dataDir) {
    IngestConfig config = IngestConfig.fromEnv(Env.of(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
        "HOOKSTREAM_ADMIN_TOKEN", "topology-test-admin-token",
        "HOOKSTREAM_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "HOOKSTREAM_DATA_DIR", dataDir.toString())));
    return new TopologyTestDriver(IngestService.streamsTopology(config),
        IngestService.streamsProperties(config, new HostInfo("localhost", 8080)));
  }
}
