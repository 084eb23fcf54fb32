package io.hookstream.standalone;

import static io.hookstream.standalone.ProcessTests.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code webhook-sequence}: a webhook's deliveries are numbered 1, 2, 3… in publish order, with
 * no gap and no repeat across a {@code kill -9} of the whole standalone and its restart; a
 * delivery sent again after the crash keeps its number. The delivery log shows the numbers.
 * Around the same crash (one standalone lifecycle for all three, to keep the suite short), a
 * second tenant's operational webhooks are announced exactly once each
 * ({@link OperationalScenario}), and a third tenant's FIFO webhook, crashed in the middle of its
 * backlog, keeps its order ({@link FifoScenario}).
 */
class SequenceTest {
  static final List<String> PATHS = List.of("/seq");

  @TempDir Path dir;

  @Test
  void sequencesFifoOrderAndOperationalEventsHoldAcrossAKillNineAndARestart() throws Exception {
    Map<String, String> env = ProcessTests.standaloneEnv(dir);
    List<String> published = new ArrayList<>();
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      OperationalScenario operational = new OperationalScenario(receiver);
      FifoScenario fifo = new FifoScenario(receiver);
      String sub;
      try (ServiceProcess first = CrashRecoveryTest.startAndAwaitUp(env, dir.resolve("1.log"))) {
        ApiClient api = new ApiClient(first.httpPort());
        ProcessTests.setUp(api, receiver, "seq", PATHS);
        sub = api.get("/v1/tenants/seq/webhooks", ADMIN).body().path("data").path(0)
            .path("id").asText();
        published.addAll(ProcessTests.publish(api, "seq", 6));
        operational.beforeCrash(api);
        ProcessTests.awaitAll(receiver, PATHS, published, Duration.ofSeconds(120));
        fifo.beforeCrash(api); // returns in the middle of a FIFO backlog
        first.kill9();
      }
      try (ServiceProcess second = CrashRecoveryTest.startAndAwaitUp(env, dir.resolve("2.log"))) {
        ApiClient api = new ApiClient(second.httpPort());
        published.addAll(ProcessTests.publish(api, "seq", 6));
        fifo.afterRestart(api);
        operational.afterRestart(api);
        ProcessTests.awaitAll(receiver, PATHS, published, Duration.ofSeconds(120));
        operational.verify();

        // every id has one number; in publish order they are 1..12
        Map<String, Set<String>> byId = new TreeMap<>();
        for (RecordedRequest r : receiver.requests("/seq")) {
          byId.computeIfAbsent(r.getHeader("webhook-id"), k -> new TreeSet<>())
              .add(r.getHeader("webhook-sequence"));
        }
        assertThat(byId.values()).allSatisfy(numbers -> assertThat(numbers).hasSize(1));
        assertThat(published.stream().map(id -> byId.get(id).iterator().next()).toList())
            .isEqualTo(LongStream.rangeClosed(1, 12).mapToObj(Long::toString).toList());

        String log = "/v1/tenants/seq/webhooks/" + sub + "/deliveries?limit=50";
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
            api.get(log, ADMIN).body().path("data").size() == 12);
        JsonNode entries = api.get(log, ADMIN).body().path("data");
        Set<Long> numbers = new TreeSet<>();
        entries.forEach(e -> numbers.add(e.path("sequence").asLong()));
        assertThat(numbers).isEqualTo(LongStream.rangeClosed(1, 12).boxed()
            .collect(Collectors.toCollection(TreeSet::new)));
      }
    }
  }
}
