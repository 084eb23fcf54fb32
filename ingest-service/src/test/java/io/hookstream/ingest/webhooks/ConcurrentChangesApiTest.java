package io.hookstream.ingest.webhooks;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static io.hookstream.ingest.api.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.IngestFixture;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ScriptedReceiver;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ApiClient.Answer;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent API changes either all take effect or are told to retry: none is lost to another
 * written back from a stale copy.
 */
class ConcurrentChangesApiTest {
  static final String P = "/v1/tenants/conc/webhooks";
  static IngestFixture fixture;
  static ApiClient api;
  static ExecutorService pool = Executors.newFixedThreadPool(4);
  static ScriptedReceiver receiver = new ScriptedReceiver();

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    api.post("/v1/tenants", ADMIN, "{\"id\":\"conc\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    receiver.close();
    fixture.close();
  }

  @Test
  void twoSimultaneousPatchesOfDifferentFieldsBothTakeEffect() throws Exception {
    for (int round = 0; round < 10; round++) {
      String id = webhook();
      String name = "name-" + round;
      String description = "description-" + round;
      List<Answer> both = together(
          () -> api.patch(P + "/" + id, ADMIN, "{\"name\":\"" + name + "\"}"),
          () -> api.patch(P + "/" + id, ADMIN, "{\"description\":\"" + description + "\"}"));
      assertThat(both).extracting(Answer::status).containsOnly(200);
      JsonNode w = api.get(P + "/" + id, ADMIN).body();
      assertThat(w.get("name").asText()).as("round " + round).isEqualTo(name);
      assertThat(w.get("description").asText()).as("round " + round).isEqualTo(description);
      assertThat(w.get("version").asInt()).isEqualTo(3);
    }
  }

  @Test
  void aRotationRacingAPatchIsNeverLost() throws Exception {
    for (int round = 0; round < 5; round++) {
      String path = "/rotated-" + round;
      Answer created = api.post(P, ADMIN, "{\"url\":\"" + receiver.url(path)
          + "\",\"events\":[\"*\"]}");
      String id = created.text("id");
      List<Answer> both = together(
          () -> api.post(P + "/" + id + "/rotate-secret", ADMIN, "{}"),
          () -> api.patch(P + "/" + id, ADMIN, "{\"name\":\"renamed\"}"));
      assertThat(both).extracting(Answer::status).containsOnly(200);
      String newSecret = both.get(0).text("secret");
      assertThat(api.get(P + "/" + id, ADMIN).body().get("name").asText()).isEqualTo("renamed");
      // the stored webhook signs with the new secret, and the old one alongside
      api.post(P + "/" + id + "/test", ADMIN, "{}");
      RecordedRequest r = receiver.requests(path).get(0);
      Map<String, String> headers = Map.of("webhook-id", r.getHeader("webhook-id"),
          "webhook-timestamp", r.getHeader("webhook-timestamp"),
          "webhook-signature", r.getHeader("webhook-signature"));
      byte[] body = r.getBody().readByteArray();
      WebhookVerifier.of(newSecret).verify(headers, body);
      WebhookVerifier.of(created.text("secret")).verify(headers, body);
    }
  }

  @Test
  void ifMatchTellsTheSlowerOneToRetry() {
    String id = webhook();
    Answer read = api.get(P + "/" + id, ADMIN);
    String etag = read.header("ETag");
    assertThat(etag).isEqualTo("\"1\"");
    Answer first = api.send(P + "/" + id, ADMIN, HttpRequest.newBuilder()
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"a\"}"))
        .header("If-Match", etag));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("ETag")).isEqualTo("\"2\"");
    Answer second = api.send(P + "/" + id, ADMIN, HttpRequest.newBuilder()
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"b\"}"))
        .header("If-Match", etag));
    assertError(second, 412, "version_mismatch", null);
    assertThat(api.get(P + "/" + id, ADMIN).body().get("name").asText()).isEqualTo("a");
    Answer garbage = api.send(P + "/" + id, ADMIN, HttpRequest.newBuilder()
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"c\"}"))
        .header("If-Match", "soon"));
    assertError(garbage, 400, "invalid_value", "If-Match");
  }

  @Test
  void concurrentTenantChangesAreKeptToo() throws Exception {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"conc2\"}");
    List<Answer> both = together(
        () -> api.patch("/v1/tenants/conc2", ADMIN, "{\"name\":\"Conc Two\"}"),
        () -> api.patch("/v1/tenants/conc2", ADMIN, "{\"timeoutMs\":7000}"));
    assertThat(both).extracting(Answer::status).containsOnly(200);
    JsonNode t = api.get("/v1/tenants/conc2", ADMIN).body();
    assertThat(t.get("name").asText()).isEqualTo("Conc Two");
    assertThat(t.get("timeoutMs").asInt()).isEqualTo(7000);
  }

  @Test
  void aRetriedCreateWithAnIdempotencyKeyAnswersTheSameWebhookAndSecret() {
    String body = "{\"url\":\"https://example.com/idem\",\"events\":[\"order.created\"]}";
    Answer first = api.send(P, ADMIN, HttpRequest.newBuilder()
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Idempotency-Key", "create-1"));
    Answer again = api.send(P, ADMIN, HttpRequest.newBuilder()
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Idempotency-Key", "create-1"));
    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(again.text("secret")).isEqualTo(first.text("secret"));
    long count = api.get(P + "?limit=250", ADMIN).body().get("data").findValuesAsText("url")
        .stream().filter("https://example.com/idem"::equals).count();
    assertThat(count).isEqualTo(1);
    Answer other = api.send(P, ADMIN, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers
        .ofString("{\"url\":\"https://example.com/other\",\"events\":[\"order.created\"]}"))
        .header("Idempotency-Key", "create-1"));
    assertError(other, 409, "idempotency_key_reused", "Idempotency-Key");
  }

  static String webhook() {
    Answer a = api.post(P, ADMIN, "{\"url\":\"https://example.com/c\",\"events\":[\"*\"],"
        + "\"name\":\"start\"}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.text("id");
  }

  @SafeVarargs
  static List<Answer> together(Supplier<Answer>... calls) throws Exception {
    List<CompletableFuture<Answer>> running = java.util.Arrays.stream(calls)
        .map(c -> CompletableFuture.supplyAsync(c, pool)).toList();
    return running.stream().map(CompletableFuture::join).toList();
  }
}
