package io.hookstream.ingest.routing;

import io.hookstream.service.Service;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router topology. Ready once Kafka Streams first reaches RUNNING, and through every
 * later rebalance: a rebalance (another ingest instance joining or leaving) must not take every
 * instance out of service at once. Events and catalog changes are written to Kafka whatever the
 * router's state, and queries of a store that is moving answer 503 on their own.
 */
public final class Router implements Service {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private final KafkaStreams streams;
  private volatile boolean reachedRunning;

  public Router(Topology topology, Properties config) {
    this.streams = new KafkaStreams(topology, config);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("router thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
          .StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        reachedRunning = true;
      }
      log.info("router {} -> {}", before, now);
    });
  }

  @Override
  public String name() {
    return "router";
  }

  @Override
  public void start() {
    streams.start();
  }

  @Override
  public boolean ready() {
    return serving(streams.state(), reachedRunning);
  }

  /** Whether a router in {@code state} serves, given whether it has ever been RUNNING. */
  static boolean serving(KafkaStreams.State state, boolean reachedRunning) {
    return switch (state) {
      case RUNNING -> true;
      case REBALANCING -> reachedRunning;
      default -> false;
    };
  }

  /** The running Streams instance, for interactive queries of its stores. */
  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
