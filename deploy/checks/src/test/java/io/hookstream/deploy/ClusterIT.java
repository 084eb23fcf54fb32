package io.hookstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.KafkaCluster;
import io.hookstream.testkit.MetricsPage;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.ServiceProcess;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hookstream as platform teams run it: the three service jars started with {@code java -jar} as
 * separate processes (two ingest, two dispatcher, one retry scheduler), configured only by
 * environment variables, against a three-broker KRaft cluster (replication 3, min ISR 2). Events
 * are published through both ingest instances at a steady rate while one dispatcher and then the
 * cluster's controller broker are killed with SIGKILL; every accepted event must reach every
 * matching endpoint, and the delivery log must answer the same through either ingest instance.
 */
class ClusterIT {
  static final String ADMIN = "cluster-admin-token-0123456789";
  static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final Duration READY = Duration.ofSeconds(180);
  static final int RATE_PER_SECOND = 25;
  static final int DELIVERY_PARTITIONS = 6;
  /** Receives every event with a retry: its first delivery of every 4th event answers 503. */
  static final String FLAKY = "/acme-0";

  // Kept when the test fails: each process's log is there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  final Set<String> flakyFirstSeen = ConcurrentHashMap.newKeySet();
  /** Receiving path → its tenant, for every webhook that matches the published events. */
  final Map<String, String> matching = new ConcurrentHashMap<>();

  @Test
  void separateServicesOnAThreeBrokerClusterLoseNothingWhenADispatcherAndABrokerDie()
      throws Exception {
    try (KafkaCluster kafka = KafkaCluster.start(dir, 3, READY);
        ScriptedReceiver receiver = new ScriptedReceiver()) {
      receiver.otherwise(FLAKY, r -> {
        String id = r.getHeader("webhook-id");
        return Math.floorMod(id.hashCode(), 4) == 0 && flakyFirstSeen.add(id)
            ? new MockResponse().setResponseCode(503) : new MockResponse().setResponseCode(200);
      });
      List<ServiceProcess> services = new ArrayList<>();
      try {
        // The first ingest instance creates the topics; every other service checks they exist.
        ServiceProcess ingestA = start(services, "ingest-service", "ingest-a",
            ingestEnv(kafka, "a", true)).awaitReady(READY);
        ServiceProcess ingestB = start(services, "ingest-service", "ingest-b",
            ingestEnv(kafka, "b", false));
        ServiceProcess dispatcherA = start(services, "dispatcher-worker", "dispatcher-a",
            serviceEnv(kafka));
        ServiceProcess dispatcherB = start(services, "dispatcher-worker", "dispatcher-b",
            serviceEnv(kafka));
        Map<String, String> schedulerEnv = serviceEnv(kafka);
        schedulerEnv.put("HOOKSTREAM_INSTANCE_ID", "scheduler-1");
        start(services, "retry-scheduler", "retry-scheduler", schedulerEnv);
        for (ServiceProcess s : services) {
          s.awaitReady(READY);
        }
        MetricsPage.awaitShared(List.of(dispatcherA.httpPort(), dispatcherB.httpPort()),
            "hookstream_dispatch_assigned_partitions", DELIVERY_PARTITIONS, Duration.ofSeconds(90));

        ApiClient viaA = new ApiClient(ingestA.httpPort());
        ApiClient viaB = new ApiClient(ingestB.httpPort());
        Map<String, String> subs = setUp(viaA, viaB, receiver);
        assertThat(matching).hasSize(2 * DELIVERY_PARTITIONS + 1);

        Publisher publisher = new Publisher(List.of(viaA, viaB));
        long started = System.nanoTime();
        publisher.start();
        // Both dispatchers work: what must hold however busy the machine is, not a rate.
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
          double byA = delivered(dispatcherA);
          double byB = delivered(dispatcherB);
          assertThat(Math.min(byA, byB)).as("both dispatchers delivered a real share: %s and %s",
              byA, byB).isGreaterThanOrEqualTo(20);
        });
        double byA = delivered(dispatcherA);
        double byB = delivered(dispatcherB);
        dispatcherB.kill9();
        long dispatcherKilled = System.nanoTime();
        Thread.sleep(8_000);
        int controller = controller(kafka);
        kafka.kill9(controller);
        long brokerKilled = System.nanoTime();
        // Publishes to the partitions the dead broker led wait (up to the API's ack timeout) until
        // the controller fences it and elects new leaders: broker.session.timeout.ms, 9 s.
        awaitLeadersMovedOff(kafka, controller, Duration.ofSeconds(60));
        long failedOver = System.nanoTime();
        Thread.sleep(6_000);
        publisher.stop();
        long stopped = System.nanoTime();

        Map<String, String> accepted = publisher.accepted;
        // Publishing went on through both kills: events were accepted in every phase.
        assertThat(publisher.acceptedBetween(started, dispatcherKilled))
            .as("accepted before the kills").isGreaterThan(RATE_PER_SECOND);
        assertThat(publisher.acceptedBetween(dispatcherKilled, brokerKilled))
            .as("accepted with one dispatcher dead").isGreaterThan(RATE_PER_SECOND);
        assertThat(publisher.acceptedBetween(failedOver, stopped))
            .as("accepted once the cluster had failed over").isGreaterThan(RATE_PER_SECOND);
        awaitEveryDelivery(receiver, accepted, Duration.ofSeconds(150));
        assertThat(receiver.requests("/acme-invoices")).as("a non-matching webhook").isEmpty();
        List<String> flaky = accepted.keySet().stream().filter(flakyFirstSeen::contains).toList();
        assertThat(flaky).isNotEmpty().allSatisfy(id ->
            assertThat(count(receiver, FLAKY, id)).as("retried %s", id).isGreaterThan(1));
        int deliveries = matching.keySet().stream().mapToInt(p -> receiver.requests(p).size())
            .sum();
        int expected = matching.values().stream()
            .mapToInt(tenant -> ids(accepted, tenant).size()).sum() + flaky.size();
        System.out.printf("cluster run: %d accepted, %d refused, %d deliveries for %d expected"
            + " (%d repeats after the kills); before the kills the dispatchers delivered %.0f and"
            + " %.0f; the cluster failed over %.1f s after the broker kill%n", accepted.size(),
            publisher.refused.get(), deliveries, expected, deliveries - expected, byA, byB,
            (failedOver - brokerKilled) / 1e9);
        assertThat(deliveries - expected).as("repeats: only what was in flight at the kill")
            .isLessThan(expected / 5);

        answersAlikeThroughEitherInstance(viaA, viaB, subs, accepted, flaky.get(0));
      } finally {
        services.forEach(ServiceProcess::terminate);
        services.forEach(ServiceProcess::close);
      }
    }
  }

  private ServiceProcess start(List<ServiceProcess> services, String module, String name,
      Map<String, String> env) {
    Path jar = Path.of(System.getProperty("hookstream.root", "../.."), module, "target",
        module + ".jar").toAbsolutePath().normalize();
    ServiceProcess process = ServiceProcess.startJar(jar, env, dir.resolve(name + ".log"));
    services.add(process);
    return process;
  }

  private Map<String, String> serviceEnv(KafkaCluster kafka) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("HOOKSTREAM_HTTP_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.put("HOOKSTREAM_REPLICATION_FACTOR", "3");
    env.put("HOOKSTREAM_MIN_INSYNC_REPLICAS", "2");
    env.put("HOOKSTREAM_EVENTS_PARTITIONS", "4");
    env.put("HOOKSTREAM_DELIVERIES_PARTITIONS", String.valueOf(DELIVERY_PARTITIONS));
    env.put("HOOKSTREAM_RETRY_SCHEDULE", "1s,5s,30s");
    env.put("HOOKSTREAM_MASTER_KEY", MASTER_KEY);
    env.put("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true");
    return env;
  }

  private Map<String, String> ingestEnv(KafkaCluster kafka, String name, boolean createTopics) {
    Map<String, String> env = serviceEnv(kafka);
    env.put("HOOKSTREAM_ADMIN_TOKEN", ADMIN);
    env.put("HOOKSTREAM_DATA_DIR", dir.resolve("ingest-" + name).toString());
    env.put("HOOKSTREAM_ADVERTISED_HOST", "127.0.0.1");
    env.put("HOOKSTREAM_CREATE_TOPICS", String.valueOf(createTopics));
    return env;
  }

  /**
   * Two tenants. acme's matching webhooks sit two on every deliveries partition (placed by the
   * producer's own partitioner), so each dispatcher owns an even share of the traffic; acme also
   * has one webhook that matches nothing published.
   */
  private Map<String, String> setUp(ApiClient viaA, ApiClient viaB, ScriptedReceiver receiver) {
    assertThat(viaA.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}").status())
        .isEqualTo(201);
    assertThat(viaB.post("/v1/event-types", ADMIN, "{\"name\":\"invoice.paid\"}").status())
        .isEqualTo(201);
    assertThat(viaA.post("/v1/tenants", ADMIN, "{\"id\":\"acme\"}").status()).isEqualTo(201);
    assertThat(viaB.post("/v1/tenants", ADMIN, "{\"id\":\"globex\"}").status()).isEqualTo(201);
    Map<String, String> subs = new HashMap<>();
    int[] perPartition = new int[DELIVERY_PARTITIONS];
    for (int n = 0; java.util.Arrays.stream(perPartition).anyMatch(c -> c < 2); n++) {
      ApiClient api = n % 2 == 0 ? viaA : viaB;
      String path = "/acme-" + n;
      String id = webhook(api, receiver, "acme", path, path.equals(FLAKY) ? "*" : "order.*");
      int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8)))
          % DELIVERY_PARTITIONS;
      if (perPartition[partition]++ < 2) {
        subs.put(path, id);
        matching.put(path, "acme");
      } else {
        assertThat(api.delete("/v1/tenants/acme/webhooks/" + id, ADMIN).status()).isEqualTo(204);
      }
    }
    assertThat(subs).containsKey(FLAKY);
    subs.put("/acme-invoices", webhook(viaA, receiver, "acme", "/acme-invoices", "invoice.*"));
    subs.put("/globex", webhook(viaB, receiver, "globex", "/globex", "order.created"));
    matching.put("/globex", "globex");
    return subs;
  }

  private static String webhook(ApiClient api, ScriptedReceiver receiver, String tenant,
      String path, String pattern) {
    ApiClient.Answer a = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(path) + "\",\"events\":[\"" + pattern + "\"]}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.text("id");
  }

  /**
   * Publishes order.created at a steady total rate from one thread per (tenant, ingest instance),
   * so a publish held up by a partition without a leader delays only its own stream.
   */
  static final class Publisher {
    final List<ApiClient> instances;
    final AtomicBoolean stop = new AtomicBoolean();
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    final List<Long> acceptedAt = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger refused = new AtomicInteger();
    final List<Thread> threads = new ArrayList<>();

    Publisher(List<ApiClient> instances) {
      this.instances = instances;
    }

    void start() {
      int streams = 2 * instances.size();
      for (int k = 0; k < streams; k++) {
        String tenant = k % 2 == 0 ? "acme" : "globex";
        ApiClient via = instances.get(k / 2);
        Thread t = new Thread(() -> publish(via, tenant, RATE_PER_SECOND / (double) streams),
            "publisher-" + k);
        threads.add(t);
        t.start();
      }
    }

    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }

    /** Events accepted from {@code from} (inclusive) to {@code to}, in {@code System.nanoTime}. */
    long acceptedBetween(long from, long to) {
      synchronized (acceptedAt) {
        return acceptedAt.stream().filter(t -> t - from >= 0 && to - t > 0).count();
      }
    }

    private void publish(ApiClient via, String tenant, double perSecond) {
      long start = System.nanoTime();
      for (int n = 0; !stop.get(); n++) {
        try {
          ApiClient.Answer a = via.post("/v1/tenants/" + tenant + "/events", ADMIN,
              "{\"type\":\"order.created\",\"data\":{\"n\":" + n + "}}");
          if (a.status() == 202) {
            accepted.put(a.text("id"), tenant);
            acceptedAt.add(System.nanoTime());
          } else {
            refused.incrementAndGet();
          }
        } catch (RuntimeException e) {
          refused.incrementAndGet();
        }
        long due = start + (long) ((n + 1) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleep(TimeUnit.NANOSECONDS.toMillis(wait));
        }
      }
    }
  }

  private void awaitEveryDelivery(ScriptedReceiver receiver, Map<String, String> accepted,
      Duration timeout) throws InterruptedException {
    Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> missing(receiver, accepted).forEach((path, ids) ->
            assertThat(ids).as("accepted but never received at " + path).isEmpty()));
  }

  /** Per path, the accepted events not yet answered 200 there. */
  private Map<String, Set<String>> missing(ScriptedReceiver receiver,
      Map<String, String> accepted) {
    Map<String, Set<String>> expected = new HashMap<>();
    matching.forEach((path, tenant) -> expected.put(path, ids(accepted, tenant)));
    Map<String, Set<String>> out = new HashMap<>();
    expected.forEach((path, ids) -> {
      Map<String, Integer> received = new HashMap<>();
      receiver.requests(path).forEach(r -> received.merge(r.getHeader("webhook-id"), 1,
          Integer::sum));
      Set<String> left = new HashSet<>();
      for (String id : ids) {
        // An event whose first request was answered 503 is delivered by its second one.
        int needed = path.equals(FLAKY) && flakyFirstSeen.contains(id) ? 2 : 1;
        if (received.getOrDefault(id, 0) < needed) {
          left.add(id);
        }
      }
      out.put(path, left);
    });
    return out;
  }

  private static Set<String> ids(Map<String, String> accepted, String tenant) {
    Set<String> out = new HashSet<>();
    accepted.forEach((id, t) -> {
      if (t.equals(tenant)) {
        out.add(id);
      }
    });
    return out;
  }

  private static long count(ScriptedReceiver receiver, String path, String id) {
    return receiver.requests(path).stream().filter(r -> id.equals(r.getHeader("webhook-id")))
        .count();
  }

  /** The event and delivery log read through either instance: the same answer, complete. */
  private static void answersAlikeThroughEitherInstance(ApiClient viaA, ApiClient viaB,
      Map<String, String> subs, Map<String, String> accepted, String flakyId) throws Exception {
    long acmeMatching = subs.keySet().stream().filter(p -> p.startsWith("/acme-")
        && !p.equals("/acme-invoices")).count();
    awaitLog(viaA, "/v1/tenants/acme/events/" + flakyId, event -> {
      assertThat(event.get("deliveries")).hasSize((int) acmeMatching);
      for (JsonNode delivery : event.get("deliveries")) {
        assertThat(delivery.get("status").asText()).isEqualToIgnoringCase("succeeded");
      }
    });
    JsonNode a = viaA.get("/v1/tenants/acme/events/" + flakyId, ADMIN).body();
    JsonNode b = viaB.get("/v1/tenants/acme/events/" + flakyId, ADMIN).body();
    assertThat(b).isEqualTo(a);
    JsonNode retried = null;
    for (JsonNode delivery : a.get("deliveries")) {
      if (delivery.get("subscriptionId").asText().equals(subs.get(FLAKY))) {
        retried = delivery;
      }
    }
    assertThat(retried).isNotNull();
    List<Integer> codes = new ArrayList<>();
    retried.get("attempts").forEach(attempt -> codes.add(attempt.get("statusCode").asInt()));
    assertThat(codes).as("the first attempt failed, the retry succeeded").contains(503, 200);
    assertThat(retried.get("attemptCount").asInt()).isGreaterThanOrEqualTo(2);

    int globex = ids(accepted, "globex").size();
    String log = "/v1/tenants/globex/webhooks/" + subs.get("/globex")
        + "/deliveries?status=succeeded&limit=100";
    awaitLog(viaB, log, page -> assertThat(page.get("data")).hasSize(Math.min(100, globex)));
    assertThat(viaB.get(log, ADMIN).body()).isEqualTo(viaA.get(log, ADMIN).body());
    String since = "/v1/tenants/globex/events?since=" + Instant.now().minusSeconds(3600)
        + "&limit=20";
    assertThat(viaB.get(since, ADMIN).body()).isEqualTo(viaA.get(since, ADMIN).body());
    assertThat(viaA.get(since, ADMIN).body().get("data")).hasSize(20);
  }

  private static void awaitLog(ApiClient api, String path,
      java.util.function.Consumer<JsonNode> check) throws InterruptedException {
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          ApiClient.Answer answer = api.get(path, ADMIN);
          assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
          check.accept(answer.body());
        });
  }

  private static double delivered(ServiceProcess dispatcher) {
    return MetricsPage.scrape(dispatcher.httpPort())
        .value("hookstream_deliveries_total{outcome=\"delivered\"}");
  }

  /** The node that leads the KRaft controller quorum: killing it forces an election too. */
  private static int controller(KafkaCluster kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers()))) {
      return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
    }
  }

  /** Waits until no partition of the events topic is led by {@code dead} or leaderless. */
  private static void awaitLeadersMovedOff(KafkaCluster kafka, int dead, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers()))) {
      while (System.nanoTime() < deadline) {
        try {
          boolean moved = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames()
              .get(5, TimeUnit.SECONDS).get(Topics.EVENTS).partitions().stream()
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty()
                  && p.leader().id() != dead);
          if (moved) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // The cluster is still electing; ask again.
        }
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the events partitions never got leaders other than " + dead);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
