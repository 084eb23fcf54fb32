package io.hookstream.standalone;

import io.hookstream.config.Env;
import io.hookstream.dispatch.DispatcherConfig;
import io.hookstream.dispatch.DispatcherService;
import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.ingest.IngestConfig;
import io.hookstream.ingest.IngestService;
import io.hookstream.retry.scheduler.RetrySchedulerConfig;
import io.hookstream.retry.scheduler.RetrySchedulerService;
import io.hookstream.service.Http;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.Metrics;
import io.hookstream.service.Service;
import io.hookstream.service.ServiceRunner;
import io.hookstream.service.TopicSettings;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookstream in one JVM: the embedded broker (unless {@code KAFKA_BOOTSTRAP_SERVERS} is set), the
 * topics, then the ingest service, dispatcher and retry scheduler, all behind one HTTP port. Wired
 * in order; closed in reverse.
 */
public final class Standalone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  private final ServiceRunner runner;
  private final Javalin app;
  private final List<Service> services;
  private final String bootstrapServers;
  private final String adminToken;
  private final String httpHost;

  private Standalone(ServiceRunner runner, Javalin app, List<Service> services,
      String bootstrapServers, String adminToken, String httpHost) {
    this.httpHost = httpHost;
    this.runner = runner;
    this.app = app;
    this.services = List.copyOf(services);
    this.bootstrapServers = bootstrapServers;
    this.adminToken = adminToken;
  }

  /**
   * Starts everything and returns while the services are still getting ready (see
   * {@link #awaitReady}); a failure stops what was started and throws.
   */
  public static Standalone start(Env given, Clock clock) {
    StandaloneConfig config = StandaloneConfig.fromEnv(given);
    config.requireStartable();
    // Every variable is read before anything starts: a bad one fails in the first second.
    int kafkaPort = config.embeddedKafkaPort() == 0 ? EmbeddedKafka.freePort()
        : config.embeddedKafkaPort();
    String bootstrap = config.bootstrapServers().orElse("127.0.0.1:" + kafkaPort);
    Env env = completed(given, config);
    KafkaSettings kafka = KafkaSettings.fromEnv(env, bootstrap);
    IngestConfig ingestConfig = IngestConfig.fromEnv(env, kafka);
    DispatcherConfig dispatcherConfig = DispatcherConfig.fromEnv(env, kafka);
    RetrySchedulerConfig schedulerConfig = RetrySchedulerConfig.fromEnv(env, kafka);
    TopicSettings topics = TopicSettings.fromEnv(env, true);
    for (KeptSecret kept : KeptSecret.values()) {
      if (given.optional(kept.variable).isEmpty()) {
        log.info("{} kept in {} (set {} to choose one)", kept.file,
            config.dataDir().resolve(kept.file), kept.variable);
      }
    }
    ServiceRunner runner = new ServiceRunner();
    try {
      if (config.bootstrapServers().isEmpty()) {
        runner.manage(EmbeddedKafka.start(EmbeddedKafka.NodeSettings.single(
            config.dataDir().resolve("kafka"), kafkaPort)));
      }
      topics.prepare(kafka, List.of());

      PrometheusMeterRegistry registry = Metrics.newRegistry(kafka.clientMetrics());
      Javalin app = Http.server(ingestConfig.maxEventBytes() + 64 * 1024);
      List<Service> services = new ArrayList<>();
      if (config.services().contains("retry-scheduler")) {
        services.add(new RetrySchedulerService(schedulerConfig, registry, clock));
      }
      if (config.services().contains("dispatcher")) {
        services.add(new DispatcherService(dispatcherConfig, registry, clock));
      }
      if (config.services().contains("ingest")) {
        IngestService ingest = new IngestService(ingestConfig, clock, registry, app::port);
        ingest.registerRoutes(app);
        services.add(ingest);
      }
      Http.addOpsEndpoints(app, registry, services);
      // The API listens first (answering 503 until ready): the ingest service's Streams
      // application advertises this port to other instances.
      app.start(config.httpHost(), config.httpPort());
      runner.manage(app::stop);
      runner.start(services);
      return new Standalone(runner, app, services, bootstrap, ingestConfig.adminToken(),
          config.httpHost());
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  /** The environment with the standalone's defaults filled in: a kept admin token and key. */
  private static Env completed(Env given, StandaloneConfig config) {
    Map<String, String> vars = new HashMap<>(System.getenv());
    vars.putAll(given.withPrefix(""));
    // Other instances reach this one's API to forward queries: on loopback only, over loopback.
    if (given.optional("HOOKSTREAM_ADVERTISED_HOST").isEmpty()
        && (config.httpHost().startsWith("127.") || config.httpHost().equals("localhost"))) {
      vars.put("HOOKSTREAM_ADVERTISED_HOST", "127.0.0.1");
    }
    for (KeptSecret kept : KeptSecret.values()) {
      if (given.optional(kept.variable).isEmpty()) {
        vars.put(kept.variable, kept.loadOrCreate(config.dataDir()));
      }
    }
    return Env.of(vars);
  }

  /**
   * Waits until every service is ready, then logs "Hookstream is up": the line the README tells
   * users to wait for, so once it is printed the API answers. A cluster slower than {@code limit}
   * gets a warning naming what is still starting instead; the services keep trying.
   */
  public boolean awaitReady(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!services.stream().allMatch(Service::ready)) {
      if (System.nanoTime() - deadline > 0) {
        log.warn("Hookstream is not ready after {} s, still starting: {}", limit.toSeconds(),
            services.stream().filter(s -> !s.ready()).map(Service::name).toList());
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    String host = httpHost.equals("0.0.0.0") || httpHost.equals("::") ? "localhost" : httpHost;
    String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
    log.info("Hookstream is up: API on {}, the console at {}/console, Kafka at {}", url, url,
        bootstrapServers);
    return true;
  }

  public int httpPort() {
    return app.port();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String adminToken() {
    return adminToken;
  }

  /** Closes everything on SIGTERM too. */
  public Standalone closeOnShutdown() {
    runner.closeOnShutdown();
    return this;
  }

  @Override
  public void close() {
    runner.close();
  }
}
