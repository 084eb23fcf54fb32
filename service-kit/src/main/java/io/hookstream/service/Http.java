package io.hookstream.service;

import io.hookstream.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP server every service exposes: {@code /health/live}, {@code /health/ready} (503 until
 * every service is ready) and {@code /metrics} (Prometheus text). The ingest service adds its API
 * to the same server.
 */
public final class Http {
  public static final long MAX_REQUEST_BYTES = 1024 * 1024;

  private Http() {}

  /** A Javalin server using Hookstream's JSON mapping, not yet started. */
  public static Javalin server() {
    return server(MAX_REQUEST_BYTES);
  }

  /** The same, accepting request bodies up to {@code maxRequestBytes}. */
  public static Javalin server(long maxRequestBytes) {
    return Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      config.http.maxRequestSize = Math.max(MAX_REQUEST_BYTES, maxRequestBytes);
      config.useVirtualThreads = false;
      // Requests Jetty refuses itself (a malformed path, an over-long URI) get JSON too.
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
    });
  }

  /** Adds the health and metrics endpoints for {@code services}. */
  public static void addOpsEndpoints(Javalin app, PrometheusMeterRegistry registry,
      List<? extends Service> services) {
    app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
    app.get("/health/ready", ctx -> {
      Map<String, String> states = new LinkedHashMap<>();
      boolean ready = true;
      for (Service service : services) {
        boolean up = service.ready();
        ready &= up;
        states.put(service.name(), up ? "UP" : "DOWN");
      }
      ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN", "services", states));
    });
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(registry.scrape()));
  }
}
