package io.hookstream.retry.scheduler;

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
 * {@code java -jar retry-scheduler.jar}: releases due retries as its own process against
 * {@code KAFKA_BOOTSTRAP_SERVERS}; {@code topics} prints the commands that create the topics.
 */
public final class RetrySchedulerMain {
  private RetrySchedulerMain() {}

  public static void main(String[] args) {
    ServiceMain.run("retry-scheduler", args, (env, runner) -> {
      RetrySchedulerConfig config = RetrySchedulerConfig.fromEnv(env);
      List<String> needed = new ArrayList<>(Topics.retryTiers());
      needed.add(Topics.DELIVERIES);
      config.topics().prepare(config.kafka(), needed);
      PrometheusMeterRegistry registry = Metrics.newRegistry(config.kafka().clientMetrics());
      RetrySchedulerService scheduler =
          new RetrySchedulerService(config, registry, Clock.systemUTC());
      Javalin app = Http.server();
      Http.addOpsEndpoints(app, registry, List.of(scheduler));
      app.start(config.httpHost(), config.httpPort());
      runner.manage(app::stop);
      runner.start(List.of(scheduler));
    });
  }
}
