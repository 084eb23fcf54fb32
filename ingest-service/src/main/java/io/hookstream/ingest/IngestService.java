package io.hookstream.ingest;

import io.hookstream.ingest.api.Api;
import io.hookstream.ingest.api.HostResolver;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.publish.EventPublisher;
import io.hookstream.ingest.routing.Router;
import io.hookstream.ingest.routing.RouterProgress;
import io.hookstream.service.Service;
import io.javalin.Javalin;
import java.time.Clock;

/**
 * The ingest service: the HTTP API over the catalog and the events topic, and the router. Ready
 * once the catalog views have caught up and the router is running.
 */
public final class IngestService implements Service {
  private final IngestConfig config;
  private final Clock clock;
  private final RouterProgress progress;
  private final Catalog catalog;
  private final EventPublisher publisher;
  private final Router router;

  public IngestService(IngestConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.progress = new RouterProgress(config.kafka());
    this.catalog = new Catalog(config.kafka(), progress, config.routerSyncTimeout());
    this.publisher = new EventPublisher(config.kafka());
    this.router = new Router(config.kafka(), config.dataDir().resolve("router"),
        config.routerThreads(), config.topics().replication(), config.dedupeWindow(),
        config.routerCommitInterval());
  }

  /** Adds the public API to {@code app}; call before the server starts. */
  public void registerRoutes(Javalin app) {
    Api.register(app, catalog, publisher, new Api.Settings(config.adminToken(),
        config.masterKey(), config.targets(), config.secretGrace(), config.maxEventBytes(),
        HostResolver.system()), clock);
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public void start() {
    catalog.start();
    router.start();
  }

  @Override
  public boolean ready() {
    return catalog.caughtUp() && router.ready();
  }

  @Override
  public void close() {
    router.close();
    publisher.close();
    catalog.close();
    progress.close();
  }
}
