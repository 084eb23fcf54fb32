package io.hookstream.ingest;

import io.hookstream.config.Env;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.service.Http;
import io.hookstream.service.Metrics;
import io.hookstream.service.ServiceRunner;
import io.hookstream.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;

/** Runs the ingest service as its own process against the Kafka of {@code KAFKA_BOOTSTRAP_SERVERS}. */
public final class IngestMain {
  private IngestMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    IngestConfig config = IngestConfig.fromEnv(env);
    config.topics().prepare(config.kafka(),
        env.retrySchedule("HOOKSTREAM_RETRY_SCHEDULE", RetrySchedule.DEFAULT),
        List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS, Topics.TENANTS, Topics.EVENT_TYPES,
            Topics.DELIVERIES));
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Javalin app = Http.server(config.maxEventBytes() + 64 * 1024);
    IngestService ingest = new IngestService(config, Clock.systemUTC(), registry, app::port);
    Http.addOpsEndpoints(app, registry, List.of(ingest));
    ingest.registerRoutes(app);
    // The API listens first: the Streams application advertises its port to other instances.
    app.start(config.httpPort());
    ServiceRunner runner = new ServiceRunner().closeOnShutdown();
    runner.manage(app::stop);
    runner.start(List.of(ingest));
  }
}
