package io.hookstream.ingest.routing;

import io.hookstream.service.KafkaSettings;
import io.hookstream.service.Service;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the router topology; ready while Kafka Streams is RUNNING. */
public final class Router implements Service {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private final KafkaStreams streams;

  public Router(KafkaSettings kafka, Path stateDir, int threads, short replication,
      Duration dedupeWindow, Duration commitInterval) {
    this.streams = new KafkaStreams(RouterTopology.build(dedupeWindow),
        RouterStreamsConfig.properties(kafka, stateDir, threads, replication, commitInterval));
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

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
