package io.hookstream.ingest;

import io.hookstream.service.Service;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one of the ingest service's Kafka Streams applications (the router, the views). Ready once
 * it first reaches RUNNING, and through every later rebalance: a rebalance (another ingest
 * instance joining or leaving) must not take every instance out of service at once. Events and
 * catalog changes are written to Kafka whatever its state, and queries of a store that is moving
 * answer 503 on their own.
 */
final class StreamsApp implements Service {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
  private final String name;
  private final KafkaStreams streams;
  private volatile boolean reachedRunning;

  StreamsApp(String name, Topology topology, Properties config) {
    this.name = name;
    this.streams = new KafkaStreams(topology, config);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("{} thread failed; replacing it", name, e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
          .StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        reachedRunning = true;
      }
      log.info("{} {} -> {}", name, before, now);
    });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() {
    streams.start();
  }

  @Override
  public boolean ready() {
    return serving(streams.state(), reachedRunning);
  }

  /** Whether an application in {@code state} serves, given whether it has ever been RUNNING. */
  static boolean serving(KafkaStreams.State state, boolean reachedRunning) {
    return switch (state) {
      case RUNNING -> true;
      case REBALANCING -> reachedRunning;
      default -> false;
    };
  }

  /** The running Streams instance, for interactive queries of its stores. */
  KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
