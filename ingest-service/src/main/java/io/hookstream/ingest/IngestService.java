package io.hookstream.ingest;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.catalog.CatalogDirectory;
import io.hookstream.ingest.events.EventPublisher;
import io.hookstream.ingest.query.EventsReader;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.ingest.portal.PortalRevocations;
import io.hookstream.ingest.replay.Replayer;
import io.hookstream.ingest.routing.RouterStreamsConfig;
import io.hookstream.ingest.views.ViewsStreamsConfig;
import io.hookstream.ingest.views.ViewsTopology;
import io.hookstream.ingest.webhooks.HostResolver;
import io.hookstream.ingest.webhooks.TestSender;
import io.hookstream.model.EventType;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.outbound.HttpClients;
import io.hookstream.outbound.HttpSender;
import io.hookstream.outbound.Outbound;
import io.hookstream.service.Service;
import io.hookstream.templates.Templates;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: the HTTP API over the catalog, the events topic and the views' stores, and
 * two Kafka Streams applications: the router (exactly-once: routing, the catalog's one writer)
 * and the views (at-least-once: delivery log, endpoint health, event lookup). Ready once the
 * catalog views have caught up and both applications are running.
 */
public final class IngestService implements Service {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final IngestConfig config;
  private final Clock clock;
  private final MeterRegistry registry;
  private final IntSupplier httpPort;
  private final Catalog catalog;
  private final EventPublisher publisher;
  private final StoreQueries queries;
  private final Replayer replayer;
  private final PortalRevocations revocations;
  private final TestSender tester;
  private final OkHttpClient http;
  private final ExecutorService renders;
  private final Templates templates = new Templates(1_000);
  private final Outbound outbound;
  private final EventsReader reader;
  private volatile StreamsApp router;
  private volatile StreamsApp views;
  private volatile HostInfo self;
  private final java.util.List<KafkaStreamsMetrics> streamsMetrics = new java.util.ArrayList<>();

  /**
   * @param httpPort the port this instance's API listens on, read at {@link #start()}: other
   *     instances forward queries for the data this one holds to it
   */
  public IngestService(IngestConfig config, Clock clock, MeterRegistry registry,
      IntSupplier httpPort) {
    this.config = config;
    this.clock = clock;
    this.registry = registry;
    this.httpPort = httpPort;
    this.catalog = new Catalog(config.kafka(), clock);
    this.publisher = new EventPublisher(config.kafka());
    this.queries = new StoreQueries(() -> views == null ? null : views.streams(), () -> self,
        config.adminToken(), config.logRetention());
    this.replayer = new Replayer(config.kafka(), queries, clock);
    this.revocations = new PortalRevocations(config.kafka());
    // The API's own outbound calls (test sends, previews) on their own client and threads.
    this.http = HttpClients.create(64, config.targets());
    this.renders = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "ingest-render");
      t.setDaemon(true);
      return t;
    });
    this.outbound = new Outbound(new HttpSender(http, clock), config.targets(),
        config.masterKey(), new CatalogDirectory(catalog), templates, renders, clock);
    this.tester = new TestSender(outbound, sub -> catalog.tenant(sub.tenant()).orElse(null),
        config.retrySchedule(), config.kafka(), clock);
    this.reader = new EventsReader(config.kafka());
    Gauge.builder("hookstream_subscriptions_disabled", catalog,
            c -> c.allSubscriptions().stream().filter(s -> !s.enabled()).count())
        .description("Subscriptions currently disabled").register(registry);
  }

  /** Adds the public API and the internal query routes to {@code app}; before it starts. */
  public void registerRoutes(Javalin app) {
    Routes.register(app, new Routes.Context(catalog, publisher, queries, reader, replayer, tester,
        outbound, templates, revocations,
        new Routes.Settings(config.adminToken(), config.masterKey(), config.targets(),
            config.secretGrace(), config.maxEventBytes(), HostResolver.system(),
            config.retrySchedule(), config.maxWebhooksPerTenant(), config.tenantPublishRate()),
        clock, registry, this::ready));
  }

  @Override
  public String name() {
    return "ingest";
  }

  /** The router's topology as every instance builds it from its configuration. */
  static Topology routerTopology(IngestConfig config) {
    return IngestTopology.build(new IngestTopology.Settings(config.dedupeWindow()));
  }

  /** The router's Streams configuration; {@code self} is this instance's API. */
  static Properties routerProperties(IngestConfig config, HostInfo self) {
    return RouterStreamsConfig.properties(config.kafka(), config.dataDir().resolve("router"),
        config.routerThreads(), config.topics(), config.routerCommitInterval(),
        self.host() + ":" + self.port());
  }

  /** The views' topology as every instance builds it from its configuration. */
  static Topology viewsTopology(IngestConfig config) {
    return ViewsTopology.build(new ViewsTopology.Settings(config.dedupeWindow(),
        config.logRetention()));
  }

  /** The views' Streams configuration; {@code self} is where other instances reach its stores. */
  static Properties viewsProperties(IngestConfig config, HostInfo self) {
    return ViewsStreamsConfig.properties(config.kafka(), config.dataDir().resolve("views"),
        config.viewsThreads(), config.topics(), config.viewsCommitInterval(),
        self.host() + ":" + self.port());
  }

  @Override
  public void start() {
    self = new HostInfo(config.advertisedHost(), httpPort.getAsInt());
    catalog.start();
    revocations.start();
    router = started(new StreamsApp("router", routerTopology(config),
        routerProperties(config, self)));
    views = started(new StreamsApp("views", viewsTopology(config), viewsProperties(config, self)));
    Thread systemTypes = new Thread(this::registerSystemEventTypes, "ingest-system-types");
    systemTypes.setDaemon(true);
    systemTypes.start();
  }

  private StreamsApp started(StreamsApp app) {
    KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(app.streams());
    metrics.bindTo(registry);
    streamsMetrics.add(metrics);
    app.start();
    return app;
  }

  /** Puts Hookstream's own event types in the catalog, so tenants can subscribe to them. */
  private void registerSystemEventTypes() {
    try {
      if (!catalog.awaitCaughtUp(Duration.ofMinutes(5))) {
        return;
      }
      for (SystemEventTypes.Entry e : SystemEventTypes.ALL) {
        Optional<EventType> present = catalog.eventType(e.name());
        // Added, or given the title and example an older version registered it without.
        if (present.isEmpty() || present.get().example() == null) {
          catalog.upsertEventType(EventType.create(e.name(), e.title(), e.description(), null,
              Json.fromBytes(e.example().getBytes(StandardCharsets.UTF_8), JsonNode.class),
              clock.instant()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("could not register the system event types: {}", e.getMessage());
    }
  }

  /**
   * Active tasks this instance runs now of each Streams application's each sub-topology
   * ({@code "router 0"}, {@code "views 0"}: the log and health, {@code "views 1"}: the event
   * lookup), for tests that need work on every instance; empty while either is not running.
   */
  java.util.Map<String, Integer> activeTasks() {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    for (StreamsApp app : new StreamsApp[] {router, views}) {
      if (app == null
          || app.streams().state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
        return java.util.Map.of();
      }
      app.streams().metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task ->
          out.merge(app.name() + " " + task.taskId().subtopology(), 1, Integer::sum)));
    }
    return out;
  }

  @Override
  public boolean ready() {
    StreamsApp r = router;
    StreamsApp v = views;
    return r != null && v != null && catalog.caughtUp() && revocations.caughtUp() && r.ready()
        && v.ready();
  }

  @Override
  public void close() {
    streamsMetrics.forEach(KafkaStreamsMetrics::close);
    for (StreamsApp app : new StreamsApp[] {views, router}) {
      if (app != null) {
        app.close();
      }
    }
    replayer.close();
    tester.close();
    renders.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    publisher.close();
    catalog.close();
    revocations.close();
  }

}
