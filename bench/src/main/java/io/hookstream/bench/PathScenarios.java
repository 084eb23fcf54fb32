package io.hookstream.bench;

import static io.hookstream.bench.Scenarios.ADMIN;
import static io.hookstream.bench.Scenarios.awaitDeliveries;
import static io.hookstream.bench.Scenarios.merged;
import static io.hookstream.bench.Scenarios.paths;
import static io.hookstream.bench.Scenarios.rate;
import static io.hookstream.bench.Scenarios.unique;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The realistic path: events published over HTTP, one per call, by a handful of callers.
 * {@code throughput-http} beside Kafka-published throughput, {@code publish} (the API alone) and
 * {@code capacity} (the highest rate to one endpoint that keeps e2e p99 under 100 ms, beside
 * Kafka's own produce→consume rate for the same records).
 */
final class PathScenarios {
  static final int HTTP_ENDPOINTS = 50;
  static final int HTTP_CALLERS = 8;

  private final Options options;

  PathScenarios(Options options) {
    this.options = options;
  }

  /**
   * 50 endpoints answering at once; the same number of events published twice in one run: once
   * straight to Kafka, once over HTTP by 8 callers (closed loop). Deliveries/s side by side.
   */
  Report throughputHttp() throws Exception {
    int endpoints = HTTP_ENDPOINTS;
    long events = options.deliveries() / endpoints;
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      List<String> kafkaPaths = paths("k", endpoints);
      List<String> httpPaths = paths("h", endpoints);
      List<String> warmPaths = paths("w", endpoints);
      rig.tenant("kafka", "k", endpoints);
      rig.tenant("http", "h", endpoints);
      rig.tenant("warm", "w", endpoints);
      Recorder calls = new Recorder(60_000_000_000L, 3);
      long warm = Math.min(events, 2_000);
      Publisher.closedLoopHttp(rig.hookstream.httpPort, ADMIN, "warm", HTTP_CALLERS, warm,
          rig.publisher, calls);
      rig.publisher.burst("warm", warm);
      awaitDeliveries(rig.receiver, warmPaths, 2 * warm, TimeUnit.MINUTES.toNanos(5));

      rig.receiver.reset();
      CpuMeter kafkaCpu = new CpuMeter(rig.hookstream.pid());
      rig.publisher.burst("kafka", events);
      awaitDeliveries(rig.receiver, kafkaPaths, events, TimeUnit.MINUTES.toNanos(15));
      CpuMeter.Usage kafkaUsage = kafkaCpu.stop();
      double kafka = rate(rig.receiver, kafkaPaths);

      rig.receiver.reset();
      calls.getIntervalHistogram();
      CpuMeter httpCpu = new CpuMeter(rig.hookstream.pid());
      long start = System.nanoTime();
      long failures = Publisher.closedLoopHttp(rig.hookstream.httpPort, ADMIN, "http",
          HTTP_CALLERS, events, rig.publisher, calls);
      double publishSeconds = (System.nanoTime() - start) / 1e9;
      awaitDeliveries(rig.receiver, httpPaths, events - failures, TimeUnit.MINUTES.toNanos(15));
      CpuMeter.Usage httpUsage = httpCpu.stop();
      double http = rate(rig.receiver, httpPaths);
      long deliveries = events * endpoints;
      return new Report("throughput-http")
          .setting("endpoints", endpoints)
          .setting("events", events)
          .setting("deliveries", deliveries)
          .setting("callers", HTTP_CALLERS)
          .setting("bodyBytes", options.bodyBytes())
          .setting("publishing", "kafka: a producer straight to hookstream.events; http: "
              + HTTP_CALLERS + " callers, one event per POST, each sending the next when answered")
          .figure("kafka_deliveries_per_s", Math.round(kafka))
          .figure("http_deliveries_per_s", Math.round(http))
          .figure("http_to_kafka", Report.round2(http / kafka))
          .figure("http_events_per_s", Math.round(events / publishSeconds))
          .figure("publish_failures", failures)
          .figure("delivered_unique_http", unique(rig.receiver, httpPaths))
          .figure("publish_call_ms", Report.latencyMillis(calls.getIntervalHistogram()))
          .figure("flow_http", rig.receiver.flow().figures())
          .figure("cpu_ms_per_1k_kafka", Report.round(kafkaUsage.childMillis() * 1000.0
              / deliveries))
          .figure("cpu_ms_per_1k_http", Report.round(httpUsage.childMillis() * 1000.0
              / deliveries));
    }
  }

  /**
   * The API alone (no dispatcher): closed-loop callers publishing as fast as answers come, 16 and
   * then 64 of them; events/s and the call's latency.
   */
  Report publish() throws Exception {
    int seconds = options.seconds() > 0 ? options.seconds() : 20;
    try (Rig rig = new Rig(options, Map.of("HOOKSTREAM_SERVICES", "ingest"), List.of())) {
      rig.hookstream.post("/v1/tenants", "{\"id\":\"pub\"}");
      Recorder calls = new Recorder(60_000_000_000L, 3);
      Publisher.closedLoopHttpFor(rig.hookstream.httpPort, ADMIN, "pub", 16,
          Scenarios.WARM_UP_SECONDS / 3, rig.publisher, calls);
      Report report = new Report("publish")
          .setting("seconds", seconds)
          .setting("services", "ingest only (the router and the views run; no dispatcher)")
          .setting("bodyBytes", options.bodyBytes());
      for (int callers : new int[] {16, 64}) {
        calls.getIntervalHistogram();
        CpuMeter cpu = new CpuMeter(rig.hookstream.pid());
        long accepted = Publisher.closedLoopHttpFor(rig.hookstream.httpPort, ADMIN, "pub",
            callers, seconds, rig.publisher, calls);
        CpuMeter.Usage used = cpu.stop();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events_per_s", Math.round(accepted / (double) seconds));
        figures.put("call_ms", Report.latencyMillis(calls.getIntervalHistogram()));
        figures.put("cpu_ms_per_1k_events", Report.round(used.childMillis() * 1000.0
            / Math.max(1, accepted)));
        report.figure("callers_" + callers, figures);
      }
      return report;
    }
  }

  /**
   * HTTP-published events to one endpoint at rising rates (20 s a step) until e2e p99 passes
   * 100 ms: the last rate that held, beside how fast Kafka itself moves the same records from a
   * producer to a consumer on the same machine in the same run.
   */
  Report capacity() throws Exception {
    int stepSeconds = options.seconds() > 0 ? options.seconds() : 20;
    int[] rates = {250, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000};
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      rig.tenant("cap", "cap", 1);
      List<String> path = List.of("/cap0");
      Recorder calls = new Recorder(60_000_000_000L, 3);
      Publisher.steadyHttp(rig.hookstream.httpPort, ADMIN, "cap", 500, Scenarios.WARM_UP_SECONDS,
          64, rig.publisher, calls);
      awaitDeliveries(rig.receiver, path, 500L * Scenarios.WARM_UP_SECONDS,
          TimeUnit.MINUTES.toNanos(2));
      List<Map<String, Object>> steps = new ArrayList<>();
      int held = 0;
      for (int rate : rates) {
        rig.receiver.reset();
        calls.getIntervalHistogram();
        long failures = Publisher.steadyHttp(rig.hookstream.httpPort, ADMIN, "cap", rate,
            stepSeconds, 64, rig.publisher, calls);
        awaitDeliveries(rig.receiver, path, (long) rate * stepSeconds - failures,
            TimeUnit.MINUTES.toNanos(2));
        Histogram e2e = merged(rig.receiver, path);
        double p99 = e2e.getValueAtPercentile(99) / 1e6;
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("events_per_s", rate);
        step.put("delivered_per_s", Math.round(rate(rig.receiver, path)));
        step.put("e2e_ms", Report.latencyMillis(e2e));
        step.put("publish_failures", failures);
        steps.add(step);
        if (p99 > 100 || failures > 0) {
          break;
        }
        held = rate;
      }
      double kafka = kafkaRate(rig.bootstrap, rig.publisher, 200_000);
      return new Report("capacity")
          .setting("stepSeconds", stepSeconds)
          .setting("publishing", "POST /v1/tenants/{t}/events at a steady rate, 64 callers")
          .setting("kafkaBaseline", "200,000 records of the same size from one producer (acks=all,"
              + " linger 5 ms) to one consumer, through a 1-partition topic, on the same broker")
          .figure("steps", steps)
          .figure("highest_rate_held", held)
          .figure("kafka_records_per_s", Math.round(kafka))
          .figure("held_to_kafka", Report.round2(held / kafka));
    }
  }

  /** Records/s from the first send to the last record consumed, on a fresh 1-partition topic. */
  static double kafkaRate(String bootstrap, Publisher shape, int count) throws Exception {
    String topic = "bench.kafka-rate";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-kafka-rate");
    AtomicLong consumed = new AtomicLong();
    Thread reader = new Thread(() -> {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c,
          new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (consumed.get() < count && System.nanoTime() < deadline) {
          consumed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
        }
      }
    });
    reader.start();
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "cap",
            shape.event(i).getBytes(StandardCharsets.UTF_8)));
      }
    }
    reader.join();
    return consumed.get() / ((System.nanoTime() - start) / 1e9);
  }
}
