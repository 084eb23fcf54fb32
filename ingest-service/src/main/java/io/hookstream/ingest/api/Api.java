package io.hookstream.ingest.api;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.ingest.catalog.CommandRefused;
import io.hookstream.ingest.query.QueryUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every route of the public HTTP API shares: the readiness guard, the error answers and the
 * OpenAPI document. The feature packages register their own routes (see {@code Routes}).
 */
public final class Api {
  private static final Logger log = LoggerFactory.getLogger(Api.class);

  private Api() {}

  public static void register(Javalin app, BooleanSupplier ready) {
    app.before("/v1/*", ctx -> {
      if (!ready.getAsBoolean()) {
        throw new QueryUnavailableException("the ingest service is starting", null);
      }
      requireJson(ctx);
    });
    OpenApi.register(app);

    app.exception(ApiException.class, (e, ctx) ->
        ctx.status(e.status()).json(ErrorBody.of(e)));
    app.exception(TooManyRequests.class, (e, ctx) -> {
      if (e.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
      }
      ctx.status(429).json(ErrorBody.of(e.retryAfterSeconds() > 0 ? "too_many_requests"
          : "quota_exceeded", e.getMessage(), null));
    });
    app.exception(CommandRefused.class, (e, ctx) ->
        ctx.status(e.status()).json(ErrorBody.of(e.code(), e.getMessage(), null)));
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

  /** A body sent as anything but JSON is refused: 415, naming the header. */
  private static void requireJson(io.javalin.http.Context ctx) {
    String method = ctx.method().name();
    String type = ctx.header("Content-Type");
    if (type == null || !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
        || ctx.contentLength() == 0) {
      return;
    }
    String media = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!media.equals("application/json") && !media.endsWith("+json")) {
      throw new ApiException(415, "unsupported_media_type", "the body must be JSON, sent with"
          + " Content-Type: application/json, not " + media, "Content-Type");
    }
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
