package io.hookstream.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls Hookstream's HTTP API the way a client would, for tests. */
public final class ApiClient {
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** An answer: its status, its JSON body (null when empty) and its headers. */
  public record Answer(int status, JsonNode body, String raw,
      java.net.http.HttpHeaders headers) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String text(String field) {
      return body.path(field).asText(null);
    }

    /** The {@code error} object's field, for error answers. */
    public String error(String field) {
      return body.path("error").path(field).asText(null);
    }
  }

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Answer get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Answer delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public Answer post(String path, String token, String json) {
    return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer patch(String path, String token, String json) {
    return send(request(path, token).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Sends a prepared request builder (for custom headers); path and token are applied. */
  public Answer send(String path, String token, HttpRequest.Builder custom) {
    custom.uri(URI.create(base + path));
    if (token != null) {
      custom.header("Authorization", "Bearer " + token);
    }
    return send(custom);
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Answer send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      String raw = r.body();
      boolean json = r.headers().firstValue("content-type").map(t -> t.contains("json"))
          .orElse(false);
      JsonNode body = raw == null || raw.isBlank() || !json ? null : Json.mapper().readTree(raw);
      return new Answer(r.statusCode(), body, raw, r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
