package io.hookstream.ingest.api;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.ingest.IngestFixture;
import io.hookstream.testkit.ApiClient.Answer;
import io.hookstream.testkit.ApiClient;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API on a real broker: answers, validation errors, who may do what. */
public class ApiTest {
  static IngestFixture fixture;
  static ApiClient api;
  static String acmeKey;
  static String globexKey;

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    acmeKey = api.post("/v1/tenants", ADMIN, "{\"id\":\"acme\",\"name\":\"Acme\"}").text("apiKey");
    globexKey = api.post("/v1/tenants", ADMIN, "{\"id\":\"globex\"}").text("apiKey");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.shipped\"}");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void creatingATenantAnswersItsKeyOnce() {
    Answer created = api.post("/v1/tenants", ADMIN, "{\"id\":\"initech\",\"name\":\"Initech\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("id")).isEqualTo("initech");
    assertThat(created.text("apiKey")).startsWith("hsk_");
    Answer read = api.get("/v1/tenants/initech", created.text("apiKey"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().has("apiKey")).isFalse();
    assertThat(read.text("name")).isEqualTo("Initech");

    assertError(api.post("/v1/tenants", ADMIN, "{\"id\":\"initech\"}"), 409, "already_exists", "id");
    assertError(api.post("/v1/tenants", ADMIN, "{\"id\":\"Not Valid\"}"), 400, "invalid_value", "id");
    assertError(api.post("/v1/tenants", ADMIN, "{\"name\":\"x\"}"), 400, "missing_field", "id");
    assertError(api.post("/v1/tenants", acmeKey, "{\"id\":\"evil\"}"), 403, "forbidden", null);
    assertError(api.post("/v1/tenants", null, "{\"id\":\"evil\"}"), 401, "unauthorized", null);
    assertError(api.post("/v1/tenants", "wrong-token", "{\"id\":\"evil\"}"), 401, "unauthorized", null);
    assertError(api.post("/v1/tenants", ADMIN, "{not json"), 400, "invalid_json", null);
    assertError(api.post("/v1/tenants", ADMIN, "[1]"), 400, "invalid_json", null);
  }

  @Test
  void theEventCatalog() {
    Answer created = api.post("/v1/event-types", ADMIN,
        "{\"name\":\"invoice.paid\",\"description\":\"An invoice was paid\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("description")).isEqualTo("An invoice was paid");
    assertError(api.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.paid\"}"), 409,
        "already_exists", "name");
    assertError(api.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.*\"}"), 400,
        "invalid_value", "name");
    assertError(api.post("/v1/event-types", ADMIN, "{\"name\":\"a.b\",\"schema\":3}"), 400,
        "invalid_type", "schema");
    assertError(api.post("/v1/event-types", acmeKey, "{\"name\":\"a.b\"}"), 403, "forbidden", null);

    Answer list = api.get("/v1/event-types", acmeKey);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("data").findValuesAsText("name"))
        .contains("invoice.paid", "order.created");
  }

  @Test
  void createReadListAndDeleteAWebhook() {
    Answer created = api.post("/v1/tenants/acme/webhooks", acmeKey,
        "{\"url\":\"https://example.com/hooks\",\"events\":[\"order.*\"],\"name\":\"Orders\","
            + "\"headers\":{\"x-team\":\"billing\"},\"timeoutMs\":8000}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("id");
    assertThat(id).startsWith("sub_");
    assertThat(created.text("secret")).startsWith("whsec_");
    assertThat(created.body().get("enabled").asBoolean()).isTrue();
    assertThat(created.body().get("timeoutMs").asInt()).isEqualTo(8000);

    Answer read = api.get("/v1/tenants/acme/webhooks/" + id, acmeKey);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().has("secret")).isFalse();
    assertThat(read.raw()).doesNotContain(created.text("secret"));
    assertThat(read.text("name")).isEqualTo("Orders");
    // custom header values are answered by the call that set them, then only masked
    assertThat(created.body().get("headers").get("x-team").asText()).isEqualTo("billing");
    assertThat(read.body().get("headers").get("x-team").asText()).isEqualTo("********");

    assertThat(api.delete("/v1/tenants/acme/webhooks/" + id, acmeKey).status()).isEqualTo(204);
    assertError(api.get("/v1/tenants/acme/webhooks/" + id, acmeKey), 404, "not_found", null);
    assertError(api.delete("/v1/tenants/acme/webhooks/" + id, acmeKey), 404, "not_found", null);
  }

  @Test
  void aGivenSecretIsKeptAndMustBeAStandardOne() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    Answer created = api.post("/v1/tenants/acme/webhooks", acmeKey,
        "{\"url\":\"https://example.com/s\",\"events\":[\"*\"],\"secret\":\"" + secret + "\"}");
    assertThat(created.text("secret")).isEqualTo(secret);
    assertError(api.post("/v1/tenants/acme/webhooks", acmeKey,
        "{\"url\":\"https://example.com/s\",\"events\":[\"*\"],\"secret\":\"hunter2\"}"),
        400, "invalid_value", "secret");
  }

  @Test
  void webhookValidationNamesTheField() {
    String p = "/v1/tenants/acme/webhooks";
    assertError(api.post(p, acmeKey, "{\"events\":[\"*\"]}"), 400, "missing_field", "url");
    assertError(api.post(p, acmeKey, "{\"url\":\"ftp://example.com\",\"events\":[\"*\"]}"), 400,
        "invalid_value", "url");
    assertError(api.post(p, acmeKey, "{\"url\":\"/relative\",\"events\":[\"*\"]}"), 400,
        "invalid_value", "url");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://u:p@example.com\",\"events\":[\"*\"]}"),
        400, "invalid_value", "url");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com/" + "x".repeat(2100)
        + "\",\"events\":[\"*\"]}"), 400, "too_long", "url");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\"}"), 400, "missing_field",
        "events");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":[]}"), 400,
        "invalid_value", "events");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":[\"order.cre*\"]}"),
        400, "invalid_value", "events[0]");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":\"*\"}"), 400,
        "invalid_type", "events");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":[\"*\"],"
        + "\"timeoutMs\":60000}"), 400, "invalid_value", "timeoutMs");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":[\"*\"],"
        + "\"headers\":{\"webhook-id\":\"x\"}}"), 400, "reserved_header", "headers.webhook-id");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":[\"*\"],"
        + "\"headers\":{\"Host\":\"x\"}}"), 400, "reserved_header", "headers.Host");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"events\":[\"*\"],"
        + "\"enabled\":\"yes\"}"), 400, "invalid_type", "enabled");
    assertError(api.post(p, acmeKey, "{\"url\":\"https://example.com\",\"evnts\":[\"*\"]}"), 400,
        "unknown_field", "evnts");
  }

  @Test
  void aRefusedRequestWritesNothing() {
    int before = api.get("/v1/tenants/globex/webhooks?limit=250", globexKey).body().get("data").size();
    api.post("/v1/tenants/globex/webhooks", globexKey,
        "{\"url\":\"https://example.com\",\"events\":[\"*\"],\"timeoutMs\":1}");
    int after = api.get("/v1/tenants/globex/webhooks?limit=250", globexKey).body().get("data").size();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void listsArePagedWithAnOpaqueCursor() {
    api.post("/v1/tenants", ADMIN, "{\"id\":\"pager\"}");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(api.post("/v1/tenants/pager/webhooks", ADMIN,
          "{\"url\":\"https://example.com/" + i + "\",\"events\":[\"*\"]}").text("id"));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Answer page = api.get("/v1/tenants/pager/webhooks?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), ADMIN);
      assertThat(page.status()).isEqualTo(200);
      page.body().get("data").forEach(w -> seen.add(w.get("id").asText()));
      cursor = page.text("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(created);
    assertError(api.get("/v1/tenants/pager/webhooks?limit=0", ADMIN), 400, "invalid_value", "limit");
    assertError(api.get("/v1/tenants/pager/webhooks?cursor=!!!", ADMIN), 400, "invalid_value",
        "cursor");
  }

  @Test
  void aTenantKeySeesOnlyItsOwnTenant() {
    String id = api.post("/v1/tenants/acme/webhooks", acmeKey,
        "{\"url\":\"https://example.com/own\",\"events\":[\"*\"]}").text("id");
    assertError(api.get("/v1/tenants/acme/webhooks/" + id, globexKey), 404, "not_found", null);
    assertError(api.get("/v1/tenants/acme/webhooks", globexKey), 404, "not_found", null);
    assertError(api.post("/v1/tenants/acme/events", globexKey,
        "{\"type\":\"order.created\",\"data\":{}}"), 404, "not_found", null);
    assertError(api.delete("/v1/tenants/acme/webhooks/" + id, globexKey), 404, "not_found", null);
    // and the resource is untouched
    assertThat(api.get("/v1/tenants/acme/webhooks/" + id, acmeKey).status()).isEqualTo(200);
    assertThat(api.get("/v1/tenants/acme/webhooks/" + id, ADMIN).status()).isEqualTo(200);
  }

  @Test
  void publishingAnswers202WithTheIdAndRefusesWhatCannotBeDelivered() {
    Answer published = api.post("/v1/tenants/acme/events", acmeKey,
        "{\"type\":\"order.created\",\"data\":{\"orderId\":\"o-1\"}}");
    assertThat(published.status()).isEqualTo(202);
    assertThat(published.text("id")).startsWith("evt_");
    Answer given = api.post("/v1/tenants/acme/events", acmeKey,
        "{\"id\":\"order-1-created\",\"type\":\"order.created\",\"data\":{},"
            + "\"changedAttributes\":[\"status\"]}");
    assertThat(given.status()).isEqualTo(202);
    assertThat(given.text("id")).isEqualTo("order-1-created");

    assertError(api.post("/v1/tenants/acme/events", acmeKey,
        "{\"type\":\"order.exploded\",\"data\":{}}"), 422, "unknown_event_type", "type");
    assertError(api.post("/v1/tenants/nobody/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{}}"), 404, "not_found", null);
    assertError(api.post("/v1/tenants/acme/events", acmeKey, "{\"type\":\"order.created\"}"),
        400, "missing_field", "data");
    assertError(api.post("/v1/tenants/acme/events", acmeKey,
        "{\"type\":\"order.created\",\"data\":[1]}"), 400, "invalid_type", "data");
    assertError(api.post("/v1/tenants/acme/events", acmeKey,
        "{\"id\":\"has space\",\"type\":\"order.created\",\"data\":{}}"), 400, "invalid_value", "id");
  }

  @Test
  void unknownRoutesAnswerJsonErrors() {
    assertError(api.get("/v1/nothing-here", ADMIN), 404, "not_found", null);
  }

  public static void assertError(Answer answer, int status, String code, String field) {
    assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
    assertThat(answer.error("code")).as(answer.raw()).isEqualTo(code);
    assertThat(answer.error("message")).as(answer.raw()).isNotBlank();
    assertThat(answer.error("field")).as(answer.raw()).isEqualTo(field);
  }
}
