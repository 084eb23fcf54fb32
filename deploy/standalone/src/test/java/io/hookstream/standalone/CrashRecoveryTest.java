package io.hookstream.standalone;

import static io.hookstream.standalone.ProcessTests.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the whole standalone (broker, router, dispatcher, scheduler) in the middle of a
 * load, then a restart on the same data: every accepted event reaches every endpoint, and only
 * what was in flight (or finished but not yet committed) at the crash arrives twice.
 */
class CrashRecoveryTest {
  static final int EVENTS = 1_000;
  static final List<String> PATHS = List.of("/c0", "/c1", "/c2", "/c3");

  @TempDir Path dir;

  @Test
  void everyAcceptedEventArrivesAfterAKillNineAndRestart() throws Exception {
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      // answers take 100 ms, so work is in flight when the process dies
      PATHS.forEach(p -> receiver.otherwise(p, r -> new MockResponse().setResponseCode(200)
          .setBodyDelay(100, TimeUnit.MILLISECONDS)));
      Map<String, String> env = ProcessTests.standaloneEnv(dir);
      List<String> accepted = new CopyOnWriteArrayList<>();
      int beforeCrash;
      try (ServiceProcess first = startAndAwaitUp(env, dir.resolve("first.log"))) {
        ApiClient api = new ApiClient(first.httpPort());
        ProcessTests.setUp(api, receiver, "crash", PATHS);
        Thread publisher = new Thread(() -> publishUntilRefused(api, accepted));
        publisher.start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
            .until(() -> ProcessTests.total(receiver, PATHS) >= EVENTS * PATHS.size() / 4);
        first.kill9();
        beforeCrash = ProcessTests.total(receiver, PATHS);
        publisher.join();
      }
      assertThat(beforeCrash).as("killed mid-load").isLessThan(accepted.size() * PATHS.size());

      try (ServiceProcess second = startAndAwaitUp(env, dir.resolve("second.log"))) {
        ProcessTests.awaitAll(receiver, PATHS, accepted, Duration.ofSeconds(180));
        ProcessTests.awaitQuiet(receiver, PATHS, Duration.ofSeconds(1));
      }
      int delivered = accepted.size() * PATHS.size();
      int duplicates = ProcessTests.total(receiver, PATHS) - delivered;
      // At most: per endpoint 100 in flight, plus what finished in the last commit interval.
      assertThat(duplicates).as("repeated deliveries").isBetween(0, 1_500);
      assertThat(ProcessTests.total(receiver, PATHS) - duplicates).isEqualTo(delivered);
      System.out.printf("kill -9 after %d of %d deliveries; %d repeated after the restart%n",
          beforeCrash, delivered, duplicates);
    }
  }

  /**
   * Starts the standalone and waits, as the README tells users to, for "Hookstream is up": from
   * that line on, with no further wait, the API answers.
   */
  static ServiceProcess startAndAwaitUp(Map<String, String> env, Path log) {
    ServiceProcess process = ServiceProcess.start("io.hookstream.standalone.StandaloneMain", env,
        log).awaitLog("Hookstream is up", Duration.ofSeconds(120));
    ApiClient.Answer ready = new ApiClient(process.httpPort()).get("/health/ready", null);
    assertThat(ready.status()).as("ready once it says it is up: %s", ready.raw()).isEqualTo(200);
    return process;
  }

  /** Publishes until the API stops answering; keeps the ids it accepted with a 202. */
  static void publishUntilRefused(ApiClient api, List<String> accepted) {
    for (int i = 0; i < EVENTS; i++) {
      try {
        ApiClient.Answer a = api.post("/v1/tenants/crash/events", ADMIN,
            "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}");
        if (a.status() != 202) {
          return;
        }
        accepted.add(a.text("id"));
      } catch (RuntimeException e) {
        return;
      }
    }
  }
}
