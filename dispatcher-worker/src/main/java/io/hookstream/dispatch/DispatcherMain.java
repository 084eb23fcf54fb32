package io.hookstream.dispatch;

import io.hookstream.service.Http;
import io.hookstream.service.Metrics;
import io.hookstream.service.ServiceMain;
import io.hookstream.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar dispatcher-worker.jar}: one delivery worker as its own process against
 * {@code KAFKA_BOOTSTRAP_SERVERS}; {@code topics} prints the commands that create the topics.
 */
public final class DispatcherMain {
  private DispatcherMain() {}

  public static void main(String[] args) {
    ServiceMain.run("dispatcher-worker", args, (env, runner) -> {
      DispatcherConfig config = DispatcherConfig.fromEnv(env);
      List<String> needed = new ArrayList<>(List.of(Topics.DELIVERIES, Topics.SUBSCRIPTIONS,
          Topics.TENANTS, Topics.EVENT_TYPES, Topics.COMMANDS, Topics.ATTEMPTS, Topics.DLQ,
          Topics.DELIVERY_RUNS));
      needed.addAll(Topics.retryTiers());
      config.topics().prepare(config.kafka(), needed);
      PrometheusMeterRegistry registry = Metrics.newRegistry(config.kafka().clientMetrics());
      DispatcherService dispatcher = new DispatcherService(config, registry, Clock.systemUTC());
      Javalin app = Http.server();
      Http.addOpsEndpoints(app, registry, List.of(dispatcher));
      app.start(config.httpHost(), config.httpPort());
      runner.manage(app::stop);
      runner.start(List.of(dispatcher));
    });
  }
}
