package io.hookstream.ingest.api;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.ping.TestSender;
import io.hookstream.ingest.publish.EventPublisher;
import io.hookstream.ingest.query.EventsReader;
import io.hookstream.ingest.query.InternalApi;
import io.hookstream.ingest.query.QueryUnavailableException;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.ingest.replay.Replayer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs the public HTTP API and its error answers on a server. */
public final class Api {
  private static final Logger log = LoggerFactory.getLogger(Api.class);

  private Api() {}

  /** What the API's handlers are built from. */
  public record Settings(String adminToken, SecretBox box, TargetPolicy targets,
      Duration secretGrace, int maxEventBytes, HostResolver resolver) {}

  /** Everything the handlers read and write through. */
  public record Context(Catalog catalog, EventPublisher publisher, StoreQueries queries,
      EventsReader reader, Replayer replayer, TestSender tester, Settings settings, Clock clock,
      MeterRegistry registry, BooleanSupplier ready) {}

  public static void register(Javalin app, Context c) {
    Settings settings = c.settings();
    Auth auth = new Auth(settings.adminToken(), c.catalog());
    app.before("/v1/*", ctx -> {
      if (!c.ready().getAsBoolean()) {
        throw new QueryUnavailableException("the ingest service is starting", null);
      }
    });
    new TenantsApi(c.catalog(), auth, c.clock()).register(app);
    new EventTypesApi(c.catalog(), auth, c.clock()).register(app);
    new WebhooksApi(c.catalog(), auth, new WebhookRequest.Context(List.of(), settings.targets(),
        settings.resolver(), settings.box(), c.clock(), settings.secretGrace()), c.queries())
        .register(app);
    new EventsApi(c.catalog(), c.publisher(), auth, c.clock(), settings.maxEventBytes(),
        new IngestMetrics(c.registry())).register(app);
    new DeliveriesApi(c.catalog(), auth, c.queries(), c.reader(), c.replayer()).register(app);
    new TestApi(c.catalog(), auth, c.tester(), settings.targets(), settings.resolver(), c.clock())
        .register(app);
    InternalApi.register(app, c.queries(), auth::requireAdmin);
    OpenApi.register(app);

    app.exception(ApiException.class, (e, ctx) ->
        ctx.status(e.status()).json(ErrorBody.of(e)));
    app.exception(QueryUnavailableException.class, (e, ctx) -> ctx.status(503)
        .header("Retry-After", "2")
        .json(ErrorBody.of("unavailable", e.getMessage() + "; retry shortly", null)));
    app.exception(KafkaUnavailableException.class, (e, ctx) -> {
      log.warn("answering 503: {}", e.getMessage());
      ctx.status(503).header("Retry-After", "5")
          .json(ErrorBody.of("unavailable", "Kafka is unavailable; retry shortly", null));
    });
    app.exception(HttpResponseException.class, (e, ctx) ->
        ctx.status(e.getStatus()).json(ErrorBody.of(codeOf(e.getStatus()), e.getMessage(), null)));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      ctx.status(500).json(ErrorBody.of("internal", "internal error", null));
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        ctx.json(ErrorBody.of("not_found", "no such resource: " + ctx.path(), null));
      }
    });
    app.error(405, ctx -> ctx.json(ErrorBody.of("method_not_allowed",
        ctx.method() + " is not allowed on " + ctx.path(), null)));
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 405 -> "method_not_allowed";
      case 404 -> "not_found";
      default -> status >= 500 ? "internal" : "invalid_request";
    };
  }
}
