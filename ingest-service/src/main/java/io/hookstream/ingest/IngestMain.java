package io.hookstream.ingest;

import io.hookstream.service.Http;
import io.hookstream.service.Metrics;
import io.hookstream.service.ServiceMain;
import io.hookstream.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * {@code java -jar ingest-service.jar}: the API and the router as their own process against
 * {@code KAFKA_BOOTSTRAP_SERVERS}; {@code topics} prints the commands that create the topics.
 */
public final class IngestMain {
  private IngestMain() {}

  public static void main(String[] args) {
    ServiceMain.run("ingest-service", args, (env, runner) -> {
      IngestConfig config = IngestConfig.fromEnv(env);
      config.topics().prepare(config.kafka(), List.of(Topics.EVENTS,
          Topics.SUBSCRIPTIONS, Topics.TENANTS, Topics.EVENT_TYPES, Topics.COMMANDS,
          Topics.COMMAND_RESULTS, Topics.DELIVERIES, Topics.ATTEMPTS, Topics.DLQ,
          Topics.DELIVERY_RUNS, Topics.PORTAL_REVOCATIONS));
      PrometheusMeterRegistry registry = Metrics.newRegistry(config.kafka().clientMetrics());
      Javalin app = Http.server(config.maxEventBytes() + 64 * 1024);
      IngestService ingest = new IngestService(config, Clock.systemUTC(), registry, app::port);
      Http.addOpsEndpoints(app, registry, List.of(ingest));
      ingest.registerRoutes(app);
      // The API listens first (503 until ready): the router advertises this port to its peers.
      app.start(config.httpHost(), config.httpPort());
      runner.manage(app::stop);
      runner.start(List.of(ingest));
    });
  }
}
