package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;

/** Helpers for tests that run Hookstream as separate processes. */
final class ProcessTests {
  static final String ADMIN = "process-admin-token-0123456789";

  private ProcessTests() {}

  /** The standalone's environment on free ports in {@code dir}, with a short retry schedule. */
  static Map<String, String> standaloneEnv(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("HOOKSTREAM_DATA_DIR", dir.toString());
    env.put("HOOKSTREAM_HTTP_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.put("HOOKSTREAM_EMBEDDED_KAFKA_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.put("HOOKSTREAM_ADMIN_TOKEN", ADMIN);
    env.put("HOOKSTREAM_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    env.put("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true");
    env.put("HOOKSTREAM_RETRY_SCHEDULE", "1s,1s,1s");
    env.put("HOOKSTREAM_EVENTS_PARTITIONS", "3");
    env.put("HOOKSTREAM_DELIVERIES_PARTITIONS", "6");
    env.put("HOOKSTREAM_DISPATCH_COMMIT_INTERVAL", "100ms");
    return env;
  }

  /** A tenant with one webhook per path; answers nothing, the receiver counts. */
  static void setUp(ApiClient api, ScriptedReceiver receiver, String tenant, List<String> paths) {
    assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
    for (String path : paths) {
      assertThat(api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
          + receiver.url(path) + "\",\"events\":[\"order.*\"]}").status()).isEqualTo(201);
    }
  }

  static List<String> publish(ApiClient api, String tenant, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ApiClient.Answer a = api.post("/v1/tenants/" + tenant + "/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}");
      assertThat(a.status()).as(a.raw()).isEqualTo(202);
      ids.add(a.text("id"));
    }
    return ids;
  }

  static Set<String> ids(ScriptedReceiver receiver, String path) {
    Set<String> out = new HashSet<>();
    receiver.requests(path).forEach(r -> out.add(r.getHeader("webhook-id")));
    return out;
  }

  static int total(ScriptedReceiver receiver, List<String> paths) {
    return paths.stream().mapToInt(p -> receiver.requests(p).size()).sum();
  }

  /** Waits until every path has received every id at least once. */
  static void awaitAll(ScriptedReceiver receiver, List<String> paths, List<String> ids,
      Duration timeout) {
    Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          for (String p : paths) {
            assertThat(ids(receiver, p)).as("received at " + p).containsAll(ids);
          }
        });
  }

  /** Waits until no more requests arrive for {@code quiet}: what was going to repeat has. */
  static int awaitQuiet(ScriptedReceiver receiver, List<String> paths, Duration quiet) {
    java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(-1);
    Awaitility.await().atMost(quiet.multipliedBy(10)).pollInterval(quiet)
        .until(() -> last.getAndSet(total(receiver, paths)) == total(receiver, paths));
    return total(receiver, paths);
  }
}
