package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone started on the data dir of the previous version keeps what it had: tenants,
 * webhooks, the delivery log and endpoint health (which lived in the router then and are rebuilt
 * by the views from {@code hookstream.attempts}), and every event by id; then carries on.
 *
 * <p>The data dir ({@code upgrade/data-66d18cf.zip}) was made by commit 66d18cf's standalone:
 * tenant {@code legacy}, webhooks {@code ok} (answers 200) and {@code failing} (500, auto-disable
 * off), 20 events {@code legacy-1}…{@code legacy-20} with the schedule {@code 1s}, topics kept
 * for 3650 days so the fixture does not age out.
 */
class UpgradeTest {
  static final String TOKEN = "legacy-admin-token-0123456789";

  @TempDir Path dir;

  @Test
  void aDataDirOfThePreviousVersionKeepsItsLogHealthAndEventsAndCarriesOn() {
    unzip("/upgrade/data-66d18cf.zip", dir);
    try (ScriptedReceiver receiver = new ScriptedReceiver();
        StandaloneFixture hookstream = new StandaloneFixture(dir, Map.of(
            "HOOKSTREAM_ADMIN_TOKEN", TOKEN,
            "HOOKSTREAM_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "HOOKSTREAM_EVENTS_PARTITIONS", "3",
            "HOOKSTREAM_DELIVERIES_PARTITIONS", "3",
            "HOOKSTREAM_RETRY_SCHEDULE", "1s",
            "HOOKSTREAM_LOG_RETENTION", "365d"))) {
      ApiClient api = hookstream.api;
      assertThat(api.get("/v1/tenants/legacy", TOKEN).text("name")).isEqualTo("Legacy Co");
      JsonNode webhooks = api.get("/v1/tenants/legacy/webhooks", TOKEN).body().get("data");
      String ok = named(webhooks, "ok");
      String failing = named(webhooks, "failing");

      JsonNode okLog = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
          () -> log(api, ok), l -> l.size() == 20);
      assertThat(okLog.findValuesAsText("status")).containsOnly("succeeded");
      JsonNode failedLog = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
          () -> log(api, failing), l -> l.size() == 20);
      assertThat(failedLog.findValuesAsText("status")).containsOnly("failed");
      for (JsonNode entry : failedLog) {
        assertThat(entry.get("attempts").findValuesAsText("statusCode")).containsExactly("500",
            "500");
      }
      assertThat(api.get("/v1/tenants/legacy/webhooks/" + failing, TOKEN).body().get("health")
          .get("consecutiveFailedDeliveries").asInt()).isEqualTo(20);
      JsonNode event = api.get("/v1/tenants/legacy/events/legacy-7", TOKEN).body();
      assertThat(event.get("event").get("data").get("n").asInt()).isEqualTo(7);
      assertThat(event.get("deliveries")).hasSize(2);

      // and it carries on: a webhook moved to a new receiver gets a new event, signed
      assertThat(api.patch("/v1/tenants/legacy/webhooks/" + ok, TOKEN, "{\"url\":\""
          + receiver.url("/after") + "\"}").status()).isEqualTo(200);
      String id = api.post("/v1/tenants/legacy/events", TOKEN,
          "{\"type\":\"order.created\",\"data\":{\"n\":21}}").text("id");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(
          () -> receiver.requests("/after").size() == 1);
      assertThat(receiver.requests("/after").get(0).getHeader("webhook-id")).isEqualTo(id);
      assertThat(receiver.requests("/after").get(0).getHeader("webhook-signature"))
          .startsWith("v1,");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log(api, ok).size() == 21);
    }
  }

  static JsonNode log(ApiClient api, String webhook) {
    return api.get("/v1/tenants/legacy/webhooks/" + webhook + "/deliveries?limit=250", TOKEN)
        .body().path("data");
  }

  static String named(JsonNode webhooks, String name) {
    return StreamSupport.stream(webhooks.spliterator(), false)
        .filter(w -> name.equals(w.path("name").asText())).findFirst().orElseThrow()
        .get("id").asText();
  }

  static void unzip(String resource, Path into) {
    try (InputStream in = UpgradeTest.class.getResourceAsStream(resource);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IllegalStateException("entry outside the data dir: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
