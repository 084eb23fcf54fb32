package io.hookstream.bench;

import static io.hookstream.bench.Scenarios.awaitDeliveries;
import static io.hookstream.bench.Scenarios.freePort;
import static io.hookstream.bench.Scenarios.paths;
import static io.hookstream.bench.Scenarios.rate;
import static io.hookstream.bench.Scenarios.scrape;
import static io.hookstream.bench.Scenarios.sum;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How costs grow with the work: one event to 2,000 subscriptions ({@code fanout}), 10,000
 * subscriptions over 1,000 tenants beside 20 ({@code many-endpoints}), and the dispatcher's
 * memory per endpoint with 10,000 of them ({@code memory-endpoints}).
 */
final class GrowthScenarios {
  private final Options options;

  GrowthScenarios(Options options) {
    this.options = options;
  }

  /**
   * One tenant, 2,000 webhooks answering at once, events published one at a time, each matching
   * all of them: when the router has made all 2,000 deliveries visible, when the first and the
   * last arrive, and the delivery rate in between (medians over the events).
   */
  Report fanout() throws Exception {
    int subs = 2_000;
    int events = 10;
    try (Rig rig = new Rig(options, Map.of("HOOKSTREAM_MAX_WEBHOOKS_PER_TENANT", "5000"),
        List.of())) {
      rig.manyWebhooks("fan", "f", subs);
      List<String> all = paths("f", subs);
      rig.publisher.burst("fan", 2);
      awaitDeliveries(rig.receiver, all, 2, TimeUnit.MINUTES.toNanos(5));
      List<Double> routed = new ArrayList<>();
      List<Double> first = new ArrayList<>();
      List<Double> last = new ArrayList<>();
      List<Double> rates = new ArrayList<>();
      try (DeliveryWatch watch = new DeliveryWatch(rig.bootstrap)) {
        for (int e = 0; e < events; e++) {
          rig.receiver.reset();
          watch.reset();
          long published = System.nanoTime();
          rig.publisher.burst("fan", 1);
          awaitDeliveries(rig.receiver, all, 1, TimeUnit.MINUTES.toNanos(5));
          long firstAt = Long.MAX_VALUE;
          long lastAt = 0;
          for (String p : all) {
            firstAt = Math.min(firstAt, rig.receiver.stats(p).firstNanos);
            lastAt = Math.max(lastAt, rig.receiver.stats(p).lastNanos);
          }
          routed.add((watch.awaitCount(subs, Duration.ofSeconds(30)) - published) / 1e6);
          first.add((firstAt - published) / 1e6);
          last.add((lastAt - published) / 1e6);
          rates.add(subs / ((lastAt - firstAt) / 1e9));
        }
      }
      return new Report("fanout")
          .setting("subscriptions", subs)
          .setting("events", events)
          .setting("publishing", "one event at a time, straight to hookstream.events")
          .figure("router_all_visible_ms", Report.round(median(routed)))
          .figure("router_ms_per_1k_deliveries", Report.round(median(routed) * 1000 / subs))
          .figure("first_delivery_ms", Report.round(median(first)))
          .figure("last_delivery_ms", Report.round(median(last)))
          .figure("deliveries_per_s", Math.round(median(rates)));
    }
  }

  /**
   * The throughput run twice in one invocation: 20 webhooks of one tenant, then 10,000 webhooks
   * over 1,000 tenants with the events spread across them. Deliveries/s and the standalone's
   * heap side by side.
   */
  Report manyEndpoints() throws Exception {
    long deliveries = options.deliveries();
    Path gcLog = Files.createTempFile("hookstream-bench-gc-", ".log");
    try (Rig rig = new Rig(options, Map.of(), List.of("-Xlog:gc:file=" + gcLog))) {
      List<String> few = paths("few", 20);
      rig.tenant("few", "few", 20);
      List<String> manyPaths = new ArrayList<>();
      List<String> tenants = new ArrayList<>();
      for (int t = 0; t < 1_000; t++) {
        tenants.add("many" + t);
        for (int i = 0; i < 10; i++) {
          manyPaths.add("/many" + t + "_" + i);
        }
      }
      long created = System.nanoTime();
      rig.tenants("many", 1_000, 10);
      double createSeconds = (System.nanoTime() - created) / 1e9;
      // warm: both shapes, briefly
      rig.publisher.burst("few", 1_000);
      rig.publisher.burstSpread(tenants, 2_000);
      awaitDeliveries(rig.receiver, few, 1_000, TimeUnit.MINUTES.toNanos(5));
      awaitDeliveries(rig.receiver, manyPaths, 2, TimeUnit.MINUTES.toNanos(5));

      Map<String, Object> a = run(rig, gcLog, few, () -> rig.publisher.burst("few",
          deliveries / 20), deliveries / 20);
      Map<String, Object> b = run(rig, gcLog, manyPaths, () -> rig.publisher.burstSpread(tenants,
          deliveries / 10), deliveries / 10 / 1_000);
      return new Report("many-endpoints")
          .setting("deliveries", deliveries)
          .setting("few", "1 tenant, 20 webhooks")
          .setting("many", "1,000 tenants, 10 webhooks each (10,000), events spread across them")
          .figure("create_10k_webhooks_s", Report.round(createSeconds))
          .figure("endpoints_20", a)
          .figure("endpoints_10k", b)
          .figure("ratio", Report.round2(((Number) b.get("deliveries_per_s")).doubleValue()
              / ((Number) a.get("deliveries_per_s")).doubleValue()));
    } finally {
      Files.deleteIfExists(gcLog);
    }
  }

  private static Map<String, Object> run(Rig rig, Path gcLog, List<String> paths,
      Runnable publish, long perPath) throws Exception {
    rig.receiver.reset();
    long gcFrom = Files.size(gcLog);
    AtomicLong maxHeap = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        maxHeap.accumulateAndGet((long) sum(scrape(rig.hookstream.httpPort),
            "jvm_memory_used_bytes\\{area=\"heap\"[^}]*}"), Math::max);
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    CpuMeter cpu = new CpuMeter(rig.hookstream.pid());
    publish.run();
    awaitDeliveries(rig.receiver, paths, perPath, TimeUnit.MINUTES.toNanos(15));
    CpuMeter.Usage used = cpu.stop();
    sampler.interrupt();
    sampler.join();
    long delivered = Scenarios.total(rig.receiver, paths);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deliveries_per_s", Math.round(rate(rig.receiver, paths)));
    out.put("cpu_ms_per_1k", Report.round(used.childMillis() * 1000.0 / delivered));
    out.put("max_heap_used_mib", maxHeap.get() / (1024 * 1024));
    out.put("max_heap_after_gc_mib", afterGcMiB(Files.readString(gcLog).substring((int) gcFrom)));
    out.put("flow", rig.receiver.flow().figures());
    return out;
  }

  /**
   * A dispatcher on its own (256 MiB heap), all 10,020 subscriptions in its view from the start,
   * given 30,000 deliveries for 20 endpoints and then 30,000 for 10,000 others; its heap after a
   * full collection once each batch is delivered and the endpoints are idle (not yet evicted):
   * what each endpoint costs while it is remembered, beyond its subscription.
   */
  Report memoryEndpoints() throws Exception {
    int many = 10_000;
    try (Rig rig = new Rig(options, Map.of("HOOKSTREAM_SERVICES", "ingest,retry-scheduler"),
        List.of())) {
      List<JsonNode> few = rig.tenant("memf", "mf", 20);
      List<JsonNode> lots = rig.tenants("mem", 10, many / 10);
      int port = freePort();
      Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", rig.bootstrap,
          "HOOKSTREAM_HTTP_PORT", String.valueOf(port),
          "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true", "HOOKSTREAM_MASTER_KEY",
          Scenarios.MASTER_KEY);
      try (HookstreamProcess dispatcher = HookstreamProcess.start(options,
          "io.hookstream.dispatch.DispatcherMain", env, List.of("-Xmx256m"),
          rig.dir.resolve("dispatcher.log"))) {
        // The same number of deliveries first to 20 endpoints, so the client's buffer pools
        // and the JIT are as warm for the baseline as for the 10,000: the difference is what
        // the endpoints themselves cost.
        int perFew = many * 3 / 20;
        Scenarios.preload(rig.bootstrap, few, 20L * perFew, rig.publisher);
        awaitDeliveries(rig.receiver, paths("mf", 20), perFew, TimeUnit.MINUTES.toNanos(5));
        long base = heapAfterFullGc(dispatcher, port);
        Scenarios.preload(rig.bootstrap, lots, (long) many * 3, rig.publisher);
        List<String> lotPaths = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
          for (int i = 0; i < many / 10; i++) {
            lotPaths.add("/mem" + t + "_" + i);
          }
        }
        awaitDeliveries(rig.receiver, lotPaths, 3, TimeUnit.MINUTES.toNanos(10));
        long withMany = heapAfterFullGc(dispatcher, port);
        double perThousand = (withMany - base) / (many / 1000.0);
        return new Report("memory-endpoints")
            .setting("endpoints", many)
            .setting("deliveriesPerEndpoint", 3)
            .setting("dispatcherXmxMiB", 256)
            .figure("heap_20_endpoints_mib", Report.round(base / 1048576.0))
            .figure("heap_10k_idle_endpoints_mib", Report.round(withMany / 1048576.0))
            .figure("kib_per_1k_endpoints", Report.round(perThousand / 1024))
            .figure("bytes_per_endpoint", Math.round(perThousand / 1000));
      }
    }
  }

  /** Heap in use right after a full collection, asked of the process with jcmd. */
  private static long heapAfterFullGc(HookstreamProcess process, int port) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (int i = 0; i < 2; i++) {
      new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(60, TimeUnit.SECONDS);
    }
    return (long) sum(scrape(port), "jvm_memory_used_bytes\\{area=\"heap\"[^}]*}");
  }

  static long afterGcMiB(String gcLog) {
    Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(gcLog);
    long max = 0;
    while (m.find()) {
      max = Math.max(max, Long.parseLong(m.group(2)));
    }
    return max;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /** Counts the delivery records made visible (read committed) since the last reset. */
  static final class DeliveryWatch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong lastSeenAt = new AtomicLong();
    private volatile boolean running = true;

    DeliveryWatch(String bootstrap) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
          new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> parts = consumer.partitionsFor(Topics.DELIVERIES).stream()
          .map(p -> new TopicPartition(Topics.DELIVERIES, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
      thread = new Thread(() -> {
        while (running) {
          int n = consumer.poll(Duration.ofMillis(20)).count();
          if (n > 0) {
            seen.addAndGet(n);
            lastSeenAt.set(System.nanoTime());
          }
        }
        consumer.close();
      }, "delivery-watch");
      thread.start();
    }

    void reset() {
      seen.set(0);
    }

    /** When the {@code count}-th record since the reset was seen (nanoTime). */
    long awaitCount(long count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen.get() < count && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      return lastSeenAt.get();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }
}
