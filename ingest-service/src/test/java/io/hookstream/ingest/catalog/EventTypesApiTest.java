package io.hookstream.ingest.catalog;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static io.hookstream.ingest.api.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.ingest.IngestFixture;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ApiClient.Answer;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A mistake in the catalog can be fixed: event types are changed and removed by the admin. */
class EventTypesApiTest {
  static IngestFixture fixture;
  static ApiClient api;
  static String tenantKey;

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    tenantKey = api.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}").text("apiKey");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aSchemaIsChangedAndPublishingFollowsItAtOnce() {
    assertThat(api.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.paid\",\"schema\":"
        + "{\"type\":\"object\",\"required\":[\"amount\"]}}").status()).isEqualTo(201);
    assertError(publish("invoice.paid", "{}"), 422, "schema_violation", "data");

    Answer changed = api.patch("/v1/event-types/invoice.paid", ADMIN,
        "{\"schema\":{\"type\":\"object\"},\"title\":\"Invoice paid\"}");
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(changed.body().get("version").asLong()).isEqualTo(2);
    assertThat(changed.header("ETag")).isEqualTo("\"2\"");
    assertThat(changed.text("title")).isEqualTo("Invoice paid");
    assertThat(publish("invoice.paid", "{}").status()).isEqualTo(202);

    // null clears; the rest is kept
    Answer cleared = api.patch("/v1/event-types/invoice.paid", ADMIN, "{\"schema\":null}");
    assertThat(cleared.body().has("schema")).isFalse();
    assertThat(cleared.text("title")).isEqualTo("Invoice paid");
  }

  @Test
  void aRefusedChangeChangesNothing() {
    api.post("/v1/event-types", ADMIN, "{\"name\":\"refund.issued\",\"description\":\"d\"}");
    assertError(api.patch("/v1/event-types/refund.issued", ADMIN,
        "{\"schema\":{\"$ref\":\"https://example.com/s.json\"}}"), 400, "invalid_schema",
        "schema.$ref");
    assertError(api.patch("/v1/event-types/refund.issued", ADMIN, "{\"name\":\"refund.x\"}"),
        400, "invalid_value", "name");
    assertError(api.patch("/v1/event-types/refund.issued", ADMIN,
        "{\"example\":{\"n\":1},\"schema\":{\"properties\":{\"n\":{\"type\":\"string\"}}}}"),
        422, "schema_violation", "example.n");
    assertError(api.send("/v1/event-types/refund.issued", ADMIN, HttpRequest.newBuilder()
        .header("content-type", "application/json").header("If-Match", "\"7\"")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\":\"e\"}"))),
        412, "version_mismatch", null);
    assertThat(api.patch("/v1/event-types/refund.issued", tenantKey, "{\"description\":\"e\"}")
        .status()).isEqualTo(403);
    Answer after = api.get("/v1/event-types/refund.issued", ADMIN);
    assertThat(after.text("description")).isEqualTo("d");
    assertThat(after.body().get("version").asLong()).isEqualTo(1);
  }

  @Test
  void aRemovedTypeCanNoLongerBePublishedAndHookstreamsOwnStay() {
    api.post("/v1/event-types", ADMIN, "{\"name\":\"typo.creatd\"}");
    assertThat(api.delete("/v1/event-types/typo.creatd", tenantKey).status()).isEqualTo(403);
    assertThat(api.delete("/v1/event-types/typo.creatd", ADMIN).status()).isEqualTo(204);
    assertThat(api.get("/v1/event-types/typo.creatd", ADMIN).status()).isEqualTo(404);
    assertError(publish("typo.creatd", "{}"), 422, "unknown_event_type", "type");
    assertThat(api.delete("/v1/event-types/typo.creatd", ADMIN).status()).isEqualTo(404);
    // and the name is free again
    assertThat(api.post("/v1/event-types", ADMIN, "{\"name\":\"typo.creatd\"}").status())
        .isEqualTo(201);
    assertError(api.delete("/v1/event-types/hookstream.endpoint.disabled", ADMIN), 400,
        "invalid_value", "name");
  }

  static Answer publish(String type, String data) {
    return api.post("/v1/tenants/acme/events", ADMIN, "{\"type\":\"" + type + "\",\"data\":"
        + data + "}");
  }
}
