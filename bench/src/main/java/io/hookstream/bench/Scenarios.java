package io.hookstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import io.hookstream.topics.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The benchmark scenarios. Each starts its own Hookstream and receiver and measures at the receiver. */
final class Scenarios {
  static final String ADMIN = "bench-admin-token-0123456789";
  static final int WARM_UP_SECONDS = 45;
  /** The benchmark's own throwaway key, shared by the standalone and the memory run's dispatcher. */
  static final String MASTER_KEY = "YmVuY2htYXJrLW1hc3Rlci1rZXktMzItYnl0ZXMhISE=";

  private final Options options;

  Scenarios(Options options) {
    this.options = options;
  }

  /** As fast as possible to 20 endpoints, next to a bare OkHttp client in the same run. */
  Report throughput(String name, long latencyMillis) throws Exception {
    int endpoints = options.endpoints();
    long deliveries = options.deliveries();
    long events = deliveries / endpoints;
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      List<String> paths = paths("ep", endpoints);
      paths.forEach(p -> rig.receiver.latency(p, latencyMillis));
      rig.tenant("bench", "ep", endpoints);

      byte[] body = baselineBody(rig.publisher);
      List<String> urls = paths.stream().map(rig.receiver::url).toList();
      Baseline.run(urls, body, (int) options.warmDeliveries(), options.concurrency()); // warm-up
      rig.receiver.reset();
      CpuMeter baselineCpu = new CpuMeter(rig.hookstream.pid());
      Baseline.run(urls, body, (int) deliveries, options.concurrency());
      CpuMeter.Usage baselineUsage = baselineCpu.stop();
      double baseline = rate(rig.receiver, paths);
      rig.receiver.reset();

      // The same warm-up for Hookstream (its own tenant and paths), so both are measured warm.
      List<String> warmPaths = paths("warm", endpoints);
      warmPaths.forEach(p -> rig.receiver.latency(p, latencyMillis));
      rig.tenant("warm", "warm", endpoints);
      long warmEvents = options.warmDeliveries() / endpoints;
      rig.publisher.burst("warm", warmEvents);
      awaitDeliveries(rig.receiver, warmPaths, warmEvents, TimeUnit.MINUTES.toNanos(10));
      rig.receiver.reset();

      long start = System.nanoTime();
      CpuMeter hookstreamCpu = new CpuMeter(rig.hookstream.pid());
      rig.publisher.burst("bench", events);
      awaitDeliveries(rig.receiver, paths, events, TimeUnit.MINUTES.toNanos(15));
      CpuMeter.Usage hookstreamUsage = hookstreamCpu.stop();
      double hookstream = rate(rig.receiver, paths);
      long delivered = unique(rig.receiver, paths);
      Map<String, Object> flow = rig.receiver.flow().figures();
      String metrics = scrape(rig.hookstream.httpPort);
      return new Report(name)
          .setting("endpoints", endpoints)
          .setting("deliveries", deliveries)
          .setting("bodyBytes", options.bodyBytes())
          .setting("receiverLatencyMs", latencyMillis)
          .setting("baselineConcurrency", options.concurrency())
          .setting("publishing", "Kafka producer straight to hookstream.events")
          .figure("hookstream_deliveries_per_s", Math.round(hookstream))
          .figure("baseline_okhttp_per_s", Math.round(baseline))
          .figure("ratio_to_baseline", Report.round2(hookstream / baseline))
          .figure("delivered_unique", delivered)
          .figure("duplicates", total(rig.receiver, paths) - delivered)
          .figure("deferred_busy_endpoint",
              (long) sum(metrics, "hookstream_deliveries_deferred_total\\{reason=\"endpoint_busy\"}"))
          .figure("wall_clock_s", Report.round((System.nanoTime() - start) / 1e9))
          .figure("flow", flow)
          .figure("cpu_ms_per_1k_baseline_client_and_receiver",
              Report.round(baselineUsage.benchMillis() * 1000.0 / deliveries))
          .figure("cpu_ms_per_1k_hookstream_kafka_included",
              Report.round(hookstreamUsage.childMillis() * 1000.0 / deliveries))
          .figure("cpu_ms_per_1k_receiver_and_publisher",
              Report.round(hookstreamUsage.benchMillis() * 1000.0 / deliveries));
    }
  }

  /**
   * The throughput scenario twice over, side by side in one run: 20 webhooks with the standard
   * body, and 20 whose body a JSONata template renders (the Dastra preset's envelope, signed with
   * base64 HMAC). Measured in turns (standard, template, standard, template) so a noisy moment
   * does not fall on one side only.
   */
  Report template() throws Exception {
    int endpoints = options.endpoints();
    long eventsPerRound = options.deliveries() / endpoints / 2;
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      List<String> plain = paths("std", endpoints);
      List<String> templated = paths("tpl", endpoints);
      rig.tenant("std", "std", endpoints);
      rig.tenant("tpl", "tpl", endpoints, ",\"preset\":\"dastra\",\"secret\":\"bench-key\"");
      long warm = options.warmDeliveries() / endpoints / 2;
      for (String tenant : List.of("std", "tpl")) {
        rig.publisher.burst(tenant, warm);
      }
      awaitDeliveries(rig.receiver, plain, warm, TimeUnit.MINUTES.toNanos(10));
      awaitDeliveries(rig.receiver, templated, warm, TimeUnit.MINUTES.toNanos(10));
      double[] rates = new double[4];
      CpuMeter.Usage[] cpu = new CpuMeter.Usage[4];
      for (int round = 0; round < 4; round++) {
        boolean tpl = round % 2 == 1;
        List<String> paths = tpl ? templated : plain;
        rig.receiver.reset();
        CpuMeter meter = new CpuMeter(rig.hookstream.pid());
        rig.publisher.burst(tpl ? "tpl" : "std", eventsPerRound);
        awaitDeliveries(rig.receiver, paths, eventsPerRound, TimeUnit.MINUTES.toNanos(15));
        cpu[round] = meter.stop();
        rates[round] = rate(rig.receiver, paths);
      }
      double standard = (rates[0] + rates[2]) / 2;
      double templatedRate = (rates[1] + rates[3]) / 2;
      long perRound = eventsPerRound * endpoints;
      return new Report("template")
          .setting("endpoints", endpoints)
          .setting("deliveriesPerRound", perRound)
          .setting("rounds", "standard, template, standard, template")
          .setting("template", "the dastra preset: {webhookId, signatureUrl, userId, eventType,"
              + " eventName, data, date}, base64 HMAC")
          .setting("bodyBytes", options.bodyBytes())
          .setting("publishing", "Kafka producer straight to hookstream.events")
          .figure("standard_deliveries_per_s", Math.round(standard))
          .figure("template_deliveries_per_s", Math.round(templatedRate))
          .figure("template_ratio", Report.round2(templatedRate / standard))
          .figure("cpu_ms_per_1k_standard", Report.round(
              (cpu[0].childMillis() + cpu[2].childMillis()) * 1000.0 / (2 * perRound)))
          .figure("cpu_ms_per_1k_template", Report.round(
              (cpu[1].childMillis() + cpu[3].childMillis()) * 1000.0 / (2 * perRound)));
    }
  }

  /**
   * A steady load on 20 endpoints, once all healthy and once with one that never answers; the
   * 19 others' rate and end-to-end latency side by side.
   */
  Report isolation() throws Exception {
    int endpoints = options.endpoints();
    int rate = options.rate();
    int seconds = options.seconds();
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      isolationRun(rig, "w", rate, WARM_UP_SECONDS, false);
      Map<String, Object> healthy = isolationRun(rig, "a", rate, seconds, false);
      Map<String, Object> withDead = isolationRun(rig, "b", rate, seconds, true);
      double kept = ((Number) withDead.get("deliveries_per_s")).doubleValue()
          / ((Number) healthy.get("deliveries_per_s")).doubleValue();
      @SuppressWarnings("unchecked")
      double p99Ratio = ((Map<String, Double>) withDead.get("e2e_ms")).get("p99")
          / ((Map<String, Double>) healthy.get("e2e_ms")).get("p99");
      return new Report("isolation")
          .setting("endpoints", endpoints)
          .setting("eventsPerSecond", rate)
          .setting("deliveriesPerSecond", rate * endpoints)
          .setting("seconds", seconds)
          .setting("deadEndpoint", "never answers; the subscription's timeout (5 s) ends each attempt")
          .setting("warmUpSeconds", WARM_UP_SECONDS)
          .figure("all_healthy_19", healthy)
          .figure("one_dead_19_healthy", withDead)
          .figure("healthy_rate_kept", Report.round2(kept))
          .figure("healthy_p99_ratio", Report.round2(p99Ratio));
    }
  }

  private Map<String, Object> isolationRun(Rig rig, String prefix, int rate, int seconds,
      boolean oneDead) throws Exception {
    int endpoints = options.endpoints();
    rig.receiver.reset();
    List<String> all = paths(prefix, endpoints);
    List<String> healthy = all.subList(0, endpoints - 1);
    all.forEach(p -> rig.receiver.latency(p, 0));
    if (oneDead) {
      rig.receiver.latency(all.get(endpoints - 1), Receiver.NEVER);
    }
    rig.tenant("iso" + prefix, prefix, endpoints);
    rig.publisher.steady("iso" + prefix, rate, seconds);
    awaitDeliveries(rig.receiver, healthy, (long) rate * seconds, TimeUnit.MINUTES.toNanos(5));
    Histogram e2e = merged(rig.receiver, healthy);
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("deliveries_per_s", Math.round(rate(rig.receiver, healthy)));
    out.put("delivered_unique", unique(rig.receiver, healthy));
    out.put("e2e_ms", Report.latencyMillis(e2e));
    out.put("flow", rig.receiver.flow().figures());
    return out;
  }

  /** A steady 1,000 events/s through the HTTP API to one endpoint: publish call → receiver. */
  Report e2eLatency() throws Exception {
    int rate = options.rate();
    int seconds = options.seconds();
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      rig.tenant("e2e", "e2e", 1);
      org.HdrHistogram.Recorder calls = new org.HdrHistogram.Recorder(60_000_000_000L, 3);
      // Warm-up at the same rate: the JIT needs tens of seconds on 2 cores to settle the broker,
      // Streams, Jetty and OkHttp code; the figures are for the steady state after it.
      Publisher.steadyHttp(rig.hookstream.httpPort, ADMIN, "e2e", rate, WARM_UP_SECONDS,
          rig.publisher, calls);
      awaitDeliveries(rig.receiver, List.of("/e2e0"), (long) rate * WARM_UP_SECONDS,
          TimeUnit.MINUTES.toNanos(2));
      rig.receiver.reset();
      calls.getIntervalHistogram();
      long failures = Publisher.steadyHttp(rig.hookstream.httpPort, ADMIN, "e2e", rate, seconds,
          rig.publisher, calls);
      awaitDeliveries(rig.receiver, List.of("/e2e0"), (long) rate * seconds - failures,
          TimeUnit.MINUTES.toNanos(2));
      Histogram e2e = merged(rig.receiver, List.of("/e2e0"));
      return new Report("e2e-latency")
          .setting("eventsPerSecond", rate)
          .setting("seconds", seconds)
          .setting("publishing", "POST /v1/tenants/{t}/events, 16 concurrent callers")
          .setting("warmUpSeconds", WARM_UP_SECONDS)
          .figure("publish_failures", failures)
          .figure("delivered", unique(rig.receiver, List.of("/e2e0")))
          .figure("e2e_ms", Report.latencyMillis(e2e))
          .figure("publish_call_ms", Report.latencyMillis(calls.getIntervalHistogram()))
          .figure("flow", rig.receiver.flow().figures());
    }
  }

  /**
   * A backlog of a million deliveries in front of a dispatcher started on its own with a small
   * heap; its heap use is sampled while it works through slow endpoints.
   */
  Report memory() throws Exception {
    long backlog = options.deliveries();
    int endpoints = options.endpoints();
    int heapMiB = options.heapMiB();
    try (Rig rig = new Rig(options, Map.of("HOOKSTREAM_SERVICES", "ingest,retry-scheduler"), List.of())) {
      List<String> paths = paths("m", endpoints);
      paths.forEach(p -> rig.receiver.latency(p, 1_000));
      List<JsonNode> created = rig.tenant("mem", "m", endpoints);
      long loadStart = System.nanoTime();
      preload(rig.bootstrap, created, backlog, rig.publisher);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

      Path gcLog = rig.dir.resolve("dispatcher-gc.log");
      int port = freePort();
      Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", rig.bootstrap,
          "HOOKSTREAM_HTTP_PORT", String.valueOf(port),
          "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true", "HOOKSTREAM_MASTER_KEY", MASTER_KEY);
      long maxHeap = 0;
      long maxOutstanding = 0;
      try (HookstreamProcess dispatcher = HookstreamProcess.start(options,
          "io.hookstream.dispatch.DispatcherMain", env,
          List.of("-Xmx" + heapMiB + "m", "-Xlog:gc:file=" + gcLog), rig.dir.resolve("dispatcher.log"))) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
        while (System.nanoTime() < end) {
          String metrics = scrape(port);
          maxHeap = Math.max(maxHeap, (long) sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*}"));
          maxOutstanding = Math.max(maxOutstanding,
              (long) sum(metrics, "hookstream_dispatch_outstanding(\\{[^}]*})?"));
          Thread.sleep(1_000);
        }
      }
      long afterGc = maxAfterGcMiB(gcLog);
      return new Report("memory")
          .setting("backlog", backlog)
          .setting("endpoints", endpoints)
          .setting("receiverLatencyMs", 1_000)
          .setting("dispatcherXmxMiB", heapMiB)
          .setting("seconds", options.seconds())
          .figure("backlog_load_s", Report.round(loadSeconds))
          .figure("delivered_during_run", total(rig.receiver, paths))
          .figure("max_heap_used_mib", maxHeap / (1024 * 1024))
          .figure("max_heap_after_gc_mib", afterGc)
          .figure("max_outstanding_deliveries", maxOutstanding);
    }
  }

  /** Writes the backlog straight into hookstream.deliveries, as the router would have. */
  static void preload(String bootstrap, List<JsonNode> created, long count, Publisher shape) {
    List<Subscription> subs = new ArrayList<>();
    Instant now = Instant.now();
    for (JsonNode w : created) {
      subs.add(Subscription.builder(SubscriptionId.of(w.get("id").asText()),
              TenantId.of(w.get("tenant").asText()), w.get("url").asText())
          .events(List.of(Publisher.TYPE))
          .secrets(List.of(new SigningSecret(w.get("secret").asText(), now, null)))
          .createdAt(now).updatedAt(now).build());
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        new StringSerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < count; i++) {
        Subscription sub = subs.get((int) (i % subs.size()));
        Event event = Event.create(EventId.of("evt_mem" + i), sub.tenant(), Publisher.TYPE, now,
            Json.raw(Json.mapper().createObjectNode().put("seq", i)), null);
        RawJson body = RawJson.ofTrustedBytes(("{\"id\":\"evt_mem" + i + "\",\"type\":\""
            + Publisher.TYPE + "\",\"timestamp\":\"" + now + "\",\"data\":" + shape.data(i) + "}")
            .getBytes(StandardCharsets.UTF_8));
        DeliveryTask task = DeliveryTask.first(event, sub, body);
        producer.send(new ProducerRecord<>(Topics.DELIVERIES, sub.id().value(), Json.toBytes(task)));
      }
    }
  }

  static String scrape(int port) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // a sampler being stopped must see it
      return "";
    } catch (Exception e) {
      return "";
    }
  }

  /** Sums the values of every sample line whose name and labels match {@code series}. */
  static double sum(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(m.groupCount()));
    }
    return total;
  }

  /** The largest heap occupancy after a collection, from a {@code -Xlog:gc} file, in MiB. */
  static long maxAfterGcMiB(Path gcLog) throws java.io.IOException {
    Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(Files.readString(gcLog));
    long max = 0;
    while (m.find()) {
      max = Math.max(max, Long.parseLong(m.group(2)));
    }
    return max;
  }

  private static byte[] baselineBody(Publisher publisher) {
    return ("{\"id\":\"evt_baseline\",\"type\":\"" + Publisher.TYPE
        + "\",\"timestamp\":\"2026-11-22T00:00:00Z\",\"data\":" + publisher.data(0) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static List<String> paths(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("/" + prefix + i);
    }
    return out;
  }

  static void awaitDeliveries(Receiver receiver, List<String> paths, long perPath, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() < deadline) {
      if (paths.stream().allMatch(p -> receiver.stats(p).ids.size() >= perPath)) {
        return;
      }
      Thread.sleep(100);
    }
    System.err.println("timed out waiting for deliveries: " + paths.stream()
        .map(p -> p + "=" + receiver.stats(p).ids.size()).toList());
  }

  /** Deliveries per second at the receiver, first arrival to last, over {@code paths}. */
  static double rate(Receiver receiver, List<String> paths) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (String p : paths) {
      Receiver.PathStats s = receiver.stats(p);
      if (s.requests.get() > 0) {
        first = Math.min(first, s.firstNanos);
        last = Math.max(last, s.lastNanos);
      }
    }
    return last <= first ? 0 : total(receiver, paths) / ((last - first) / 1e9);
  }

  static long total(Receiver receiver, List<String> paths) {
    return paths.stream().mapToLong(p -> receiver.stats(p).requests.get()).sum();
  }

  static long unique(Receiver receiver, List<String> paths) {
    return paths.stream().mapToLong(p -> receiver.stats(p).ids.size()).sum();
  }

  static Histogram merged(Receiver receiver, List<String> paths) {
    Histogram out = new Histogram(3_600_000_000_000L, 3);
    for (String p : paths) {
      out.add(receiver.stats(p).endToEnd.getIntervalHistogram());
    }
    return out;
  }

  static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
