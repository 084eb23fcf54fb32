package io.hookstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The temporary webhook of {@code listen}, made and removed through the HTTP API. */
final class Registration {
  private final HttpClient http;
  private final Listen.Settings settings;

  Registration(HttpClient http, Listen.Settings settings) {
    this.http = http;
    this.settings = settings;
  }

  record Created(String id, String secret) {}

  /** Creates the tenant when it does not exist yet, then the webhook to {@code url}. */
  Created create(URI url) {
    String tenant = "/v1/tenants/" + settings.tenant();
    if (call("GET", tenant, null).statusCode() == 404) {
      HttpResponse<String> made = call("POST", "/v1/tenants",
          Map.of("id", settings.tenant(), "name", settings.tenant()));
      require(made, 201, "creating tenant " + settings.tenant());
    }
    Map<String, Object> webhook = new LinkedHashMap<>();
    webhook.put("url", url.toString());
    webhook.put("events", settings.events());
    webhook.put("name", "hookstream listen");
    webhook.put("description", "temporary: removed when `listen` stops");
    HttpResponse<String> made = call("POST", tenant + "/webhooks", webhook);
    require(made, 201, "creating the webhook");
    JsonNode body = read(made);
    return new Created(body.path("id").asText(), body.path("secret").asText());
  }

  void delete(String id) {
    HttpResponse<String> gone = call("DELETE", "/v1/tenants/" + settings.tenant() + "/webhooks/"
        + id, null);
    if (gone.statusCode() != 204 && gone.statusCode() != 404) {
      require(gone, 204, "removing webhook " + id);
    }
  }

  private HttpResponse<String> call(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.api().resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + settings.token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body)));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Args.UsageException("Hookstream's API at " + settings.api() + " did not answer ("
          + e + "): is it running? (set --api)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Fails with the API's own error message, and a hint for the errors a newcomer meets. */
  private static void require(HttpResponse<String> answer, int status, String doing) {
    if (answer.statusCode() == status) {
      return;
    }
    String message = read(answer).path("error").path("message").asText(answer.body());
    String hint = switch (answer.statusCode()) {
      case 401, 403 -> " (pass the admin token with --token, or run from the directory that"
          + " holds data/admin-token)";
      case 400 -> message.contains("public addresses")
          ? " (start Hookstream with HOOKSTREAM_ALLOW_PRIVATE_TARGETS=true so it may call"
              + " 127.0.0.1)" : "";
      default -> "";
    };
    throw new Args.UsageException(doing + " failed: " + answer.statusCode() + " " + message
        + hint);
  }

  private static JsonNode read(HttpResponse<String> answer) {
    try {
      return Json.mapper().readTree(answer.body());
    } catch (IOException | RuntimeException e) {
      return Json.mapper().createObjectNode();
    }
  }
}
