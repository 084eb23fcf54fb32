package io.hookstream.ingest;

import io.hookstream.config.Env;
import io.hookstream.json.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The ingest service's Streams applications (the router, the views) on TopologyTestDrivers, each
 * built exactly as a running instance builds it: the same two methods, from the documented
 * default configuration.
 */
final class StreamsDrivers {
  private StreamsDrivers() {}

  /** A topic the test writes, with the production key and JSON serializers. */
  static <T> TestInputTopic<String, T> input(TopologyTestDriver driver, String topic,
      Class<T> type) {
    return driver.createInputTopic(topic, new StringSerializer(), JsonSerde.of(type).serializer());
  }

  /** The same, its record times starting at {@code start} and advancing by {@code step}. */
  static <T> TestInputTopic<String, T> input(TopologyTestDriver driver, String topic,
      Class<T> type, Instant start, Duration step) {
    return driver.createInputTopic(topic, new StringSerializer(), JsonSerde.of(type).serializer(),
        start, step);
  }

  /** A topic the test reads, with the production key and JSON deserializers. */
  static <T> TestOutputTopic<String, T> output(TopologyTestDriver driver, String topic,
      Class<T> type) {
    return driver.createOutputTopic(topic, new StringDeserializer(),
        JsonSerde.of(type).deserializer());
  }

  static TopologyTestDriver router(Path dataDir) {
    IngestConfig config = config(dataDir);
    return new TopologyTestDriver(IngestService.routerTopology(config),
        IngestService.routerProperties(config, new HostInfo("localhost", 8080)));
  }

  static TopologyTestDriver views(Path dataDir) {
    IngestConfig config = config(dataDir);
    return new TopologyTestDriver(IngestService.viewsTopology(config),
        IngestService.viewsProperties(config, new HostInfo("localhost", 8080)));
  }

  private static IngestConfig config(Path dataDir) {
    return IngestConfig.fromEnv(Env.of(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
        "HOOKSTREAM_ADMIN_TOKEN", "topology-test-admin-token",
        "HOOKSTREAM_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "HOOKSTREAM_DATA_DIR", dataDir.toString())));
  }
}
