package io.hookstream.dispatch;

import io.hookstream.config.Env;
import io.hookstream.service.Http;
import io.hookstream.service.Metrics;
import io.hookstream.service.ServiceRunner;
import io.hookstream.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Runs a dispatcher worker as its own process against {@code KAFKA_BOOTSTRAP_SERVERS}. */
public final class DispatcherMain {
  private DispatcherMain() {}

  public static void main(String[] args) {
    DispatcherConfig config = DispatcherConfig.fromEnv(Env.system());
    List<String> needed = new ArrayList<>(List.of(Topics.DELIVERIES, Topics.SUBSCRIPTIONS,
        Topics.ATTEMPTS, Topics.DLQ));
    needed.addAll(Topics.retryTiers(config.retrySchedule()));
    config.topics().prepare(config.kafka(), config.retrySchedule(), needed);
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    DispatcherService dispatcher = new DispatcherService(config, registry, Clock.systemUTC());
    Javalin app = Http.server();
    Http.addOpsEndpoints(app, registry, List.of(dispatcher));
    ServiceRunner runner = new ServiceRunner().closeOnShutdown();
    runner.start(List.of(dispatcher));
    app.start(config.httpPort());
    runner.manage(app::stop);
  }
}
