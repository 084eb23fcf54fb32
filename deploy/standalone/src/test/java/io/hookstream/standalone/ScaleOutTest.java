package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.MetricsPage;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatcher processes in one consumer group split the deliveries partitions and together
 * deliver every delivery exactly once, each a real share.
 */
class ScaleOutTest {
  static final int EVENTS = 200;
  /**
   * Deliveries are keyed by subscription: with 6 webhooks all of them landed on one dispatcher's
   * partitions in 1 run of 32 (2 × 2^-6); with 16 that is 1 in 32,768.
   */
  static final List<String> PATHS = java.util.stream.IntStream.range(0, 16)
      .mapToObj(i -> "/s" + i).toList();

  @TempDir Path dir;

  @Test
  void twoDispatchersSplitThePartitionsAndDeliverEverythingOnce() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(ProcessTests.standaloneEnv(dir));
    env.put("HOOKSTREAM_SERVICES", "ingest,retry-scheduler");
    try (ScriptedReceiver receiver = new ScriptedReceiver();
        ServiceProcess core = ServiceProcess.start("io.hookstream.standalone.StandaloneMain", env,
            dir.resolve("core.log")).awaitReady(Duration.ofSeconds(120));
        ServiceProcess a = dispatcher(env, "a");
        ServiceProcess b = dispatcher(env, "b")) {
      MetricsPage.awaitShared(List.of(a.httpPort(), b.httpPort()),
          "hookstream_dispatch_assigned_partitions", 6, Duration.ofSeconds(60));
      ApiClient api = new ApiClient(core.httpPort());
      ProcessTests.setUp(api, receiver, "scale", PATHS);
      List<String> ids = ProcessTests.publish(api, "scale", EVENTS);

      ProcessTests.awaitAll(receiver, PATHS, ids, Duration.ofSeconds(180));
      assertThat(ProcessTests.awaitQuiet(receiver, PATHS, Duration.ofSeconds(1)))
          .as("each delivery once").isEqualTo(EVENTS * PATHS.size());
      // A delivery is counted once its outcome is in Kafka, a moment after the receiver has it.
      String delivered = "hookstream_deliveries_total{outcome=\"delivered\"}";
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
          MetricsPage.scrape(a.httpPort()).value(delivered)
              + MetricsPage.scrape(b.httpPort()).value(delivered) == EVENTS * PATHS.size());
      double byA = MetricsPage.scrape(a.httpPort()).value(delivered);
      double byB = MetricsPage.scrape(b.httpPort()).value(delivered);
      // Every webhook's deliveries go through the one dispatcher holding its partition: with 16
      // webhooks on 6 partitions split 3/3, each dispatcher has at least one webhook's 200.
      assertThat(Math.min(byA, byB)).as("both delivered a real share (a: %s, b: %s)%n%s%n%s",
          byA, byB, assignments(a), assignments(b)).isGreaterThanOrEqualTo(EVENTS);
    }
  }

  /** The dispatcher's partition assignments, as it logged them. */
  static String assignments(ServiceProcess dispatcher) {
    return dispatcher.output().lines().filter(l -> l.contains("assigned") || l.contains("revoked"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  static ServiceProcess dispatcher(Map<String, String> standalone, String name) {
    Map<String, String> env = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + standalone.get("HOOKSTREAM_EMBEDDED_KAFKA_PORT"),
        "HOOKSTREAM_HTTP_PORT", String.valueOf(EmbeddedKafka.freePort()),
        "HOOKSTREAM_RETRY_SCHEDULE", standalone.get("HOOKSTREAM_RETRY_SCHEDULE"),
        "HOOKSTREAM_MASTER_KEY", standalone.get("HOOKSTREAM_MASTER_KEY"),
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true");
    return ServiceProcess.start("io.hookstream.dispatch.DispatcherMain", env,
        Path.of(standalone.get("HOOKSTREAM_DATA_DIR")).resolve("dispatcher-" + name + ".log"))
        .awaitReady(Duration.ofSeconds(120));
  }
}
