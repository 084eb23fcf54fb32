package io.hookstream.deploy;

import io.hookstream.service.Http;
import io.hookstream.service.Metrics;
import io.hookstream.service.Service;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The health and metrics endpoints exactly as every service serves them, on a free port, so a
 * deployment file's probe and scrape paths can be asked for real. A test class registers one
 * ({@code @RegisterExtension static final OpsEndpoints ops = new OpsEndpoints();}); it stops
 * after the class.
 */
final class OpsEndpoints implements AfterAllCallback {
  private final Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  OpsEndpoints() {
    app = Http.server();
    Http.addOpsEndpoints(app, Metrics.newRegistry(Metrics.KafkaMeters.SUMMARY), List.of(new Service() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public void start() {}

      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public void close() {}
    }));
    app.start("127.0.0.1", 0);
  }

  /** The response to {@code GET path}. */
  HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    app.stop();
  }
}
