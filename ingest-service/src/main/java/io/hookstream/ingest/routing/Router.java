package io.hookstream.ingest.routing;

import io.hookstream.service.Service;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the router topology; ready while Kafka Streams is RUNNING. */
public final class Router implements Service {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private final KafkaStreams streams;

  public Router(Topology topology, Properties config) {
    this.streams = new KafkaStreams(topology, config);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("router thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
          .StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> log.info("router {} -> {}", before, now));
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
    return streams.state() == KafkaStreams.State.RUNNING;
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
