package io.hookstream.ingest;

import org.awaitility.Awaitility;
import io.hookstream.config.Env;
import io.hookstream.service.Http;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicAdmin;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.topics.TopicLayout;
import io.hookstream.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A broker, Hookstream's topics, and one running ingest service with its API on a free port. */
public final class IngestFixture implements AutoCloseable {
  public static final String ADMIN = "test-admin-token-0123456789";
  public static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  final KafkaFixture kafka;
  final KafkaSettings settings;
  final IngestService ingest;
  final Javalin app;
  final ApiClient api;
  private final Path dataDir;
  private final boolean ownsKafka;

  public static IngestFixture start() throws Exception {
    return new IngestFixture();
  }

  /** One with these settings on top of the fixture's own. */
  public static IngestFixture start(Map<String, String> env) throws Exception {
    return new IngestFixture(null, env);
  }

  public ApiClient api() {
    return api;
  }

  /** Active Streams tasks this instance runs (0 while it rebalances). */
  /** Active tasks of {@code subtopology} ("router 0", "views 0", "views 1") held here now. */
  public int activeTasks(String subtopology) {
    return ingest.activeTasks().getOrDefault(subtopology, 0);
  }

  public int port() {
    return app.port();
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** Every route the server answers, as {@code METHOD /path}. */
  public java.util.List<String> routes() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()
            )
        .filter(r -> r.matches("(GET|POST|PUT|PATCH|DELETE) .*"))
        .toList();
  }

  private IngestFixture() throws Exception {
    this(null, Map.of());
  }

  /** A second ingest instance on the same broker as {@code first}, with its own state and port. */
  public static IngestFixture another(IngestFixture first) throws Exception {
    return new IngestFixture(first, Map.of());
  }

  private IngestFixture(IngestFixture sharing, Map<String, String> extraEnv) throws Exception {
    kafka = sharing != null ? sharing.kafka : KafkaFixture.start();
    ownsKafka = sharing == null;
    settings = KafkaSettings.of(kafka.bootstrapServers());
    if (sharing == null) {
      TopicAdmin.createMissing(settings, Topics.all(new TopicLayout(3, 4, Duration.ofDays(1),
          Duration.ofDays(1), Duration.ofDays(1))), (short) 1, 1);
    }
    dataDir = Files.createTempDirectory("hookstream-ingest-");
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "HOOKSTREAM_ADMIN_TOKEN", ADMIN,
        "HOOKSTREAM_MASTER_KEY", MASTER_KEY,
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true",
        "HOOKSTREAM_ADVERTISED_HOST", "127.0.0.1",
        "HOOKSTREAM_DATA_DIR", dataDir.toString()));
    env.putAll(extraEnv);
    IngestConfig config = IngestConfig.fromEnv(Env.of(env), settings);
    app = Http.server();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ingest = new IngestService(config, Clock.systemUTC(), registry, app::port);
    Http.addOpsEndpoints(app, registry, List.of(ingest));
    ingest.registerRoutes(app);
    app.start(0);
    ingest.start();
    api = new ApiClient(app.port());
    Awaitility.await("ingest service ready").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50)).until(ingest::ready);
  }

  @Override
  public void close() {
    app.stop();
    ingest.close();
    if (ownsKafka) {
      kafka.close();
    }
    KafkaFixture.deleteRecursively(dataDir);
  }
}
