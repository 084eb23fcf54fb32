package io.hookstream.bench;

import io.hookstream.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes benchmark events as an upstream service would: straight to {@code hookstream.events}
 * (keyed by tenant) or through the HTTP API. Each event carries {@code sentNanos}, the publisher's
 * {@link System#nanoTime()} just before publishing, so the receiver can measure end to end.
 */
final class Publisher implements AutoCloseable {
  static final String TYPE = "bench.event";
  private final KafkaProducer<String, byte[]> producer;
  private final String pad;
  final AtomicLong published = new AtomicLong();

  Publisher(String bootstrap, int bodyBytes) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        new StringSerializer(), new ByteArraySerializer());
    // The webhook body wraps data in ~150 bytes of id, type and timestamp.
    pad = "x".repeat(Math.max(0, bodyBytes - 190));
  }

  /** The event's data: sequence, send time and padding to the requested body size. */
  String data(long seq) {
    return "{\"seq\":" + seq + ",\"sentNanos\":" + System.nanoTime() + ",\"pad\":\"" + pad + "\"}";
  }

  /** As fast as Kafka takes them. */
  void burst(String tenant, long count) {
    for (long i = 0; i < count; i++) {
      send(tenant, i);
    }
    producer.flush();
  }

  /** As fast as Kafka takes them, event {@code i} to tenant {@code i % tenants.size()}. */
  void burstSpread(List<String> tenants, long count) {
    for (long i = 0; i < count; i++) {
      send(tenants.get((int) (i % tenants.size())), i);
    }
    producer.flush();
  }

  /** The published JSON of event {@code seq}: its type and {@link #data}. */
  String event(long seq) {
    return "{\"type\":\"" + TYPE + "\",\"data\":" + data(seq) + "}";
  }

  private void send(String tenant, long seq) {
    producer.send(new ProducerRecord<>(Topics.EVENTS, tenant,
        event(seq).getBytes(StandardCharsets.UTF_8)));
    published.incrementAndGet();
  }

  /** Calls {@code action} with 0, 1, 2, … {@code perSecond} times a second for {@code seconds}. */
  static void paced(int perSecond, int seconds, LongConsumer action) {
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long start = System.nanoTime();
    long total = (long) perSecond * seconds;
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      action.accept(i);
    }
  }

  /** {@code perSecond} events for {@code seconds}, evenly spaced, straight to Kafka. */
  void steady(String tenant, int perSecond, int seconds) {
    paced(perSecond, seconds, seq -> send(tenant, seq));
    producer.flush();
  }

  /**
   * {@code perSecond} events for {@code seconds} through {@code POST /v1/tenants/{t}/events}, on
   * 16 threads so one slow answer does not delay the schedule.
   */
  static long steadyHttp(int apiPort, String token, String tenant, int perSecond, int seconds,
      Publisher shape, org.HdrHistogram.Recorder callNanos) throws InterruptedException {
    return steadyHttp(apiPort, token, tenant, perSecond, seconds, 16, shape, callNanos);
  }

  /** The same on {@code senders} threads (enough for the rate at a few ms a call). */
  static long steadyHttp(int apiPort, String token, String tenant, int perSecond, int seconds,
      int senders, Publisher shape, org.HdrHistogram.Recorder callNanos)
      throws InterruptedException {
    Api api = new Api(apiPort, token, tenant);
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    AtomicLong failures = new AtomicLong();
    paced(perSecond, seconds, seq -> pool.execute(() -> {
        if (!api.publish(shape.event(seq), callNanos)) {
          failures.incrementAndGet();
        }
      }));
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    return failures.get();
  }

  /**
   * {@code total} events through the API from {@code callers} threads, each publishing its next
   * event as soon as the previous is answered, as upstream services do. Answers the failures.
   */
  static long closedLoopHttp(int apiPort, String token, String tenant, int callers, long total,
      Publisher shape, org.HdrHistogram.Recorder callNanos) throws InterruptedException {
    Api api = new Api(apiPort, token, tenant);
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Thread t = new Thread(() -> {
        for (long seq = next.getAndIncrement(); seq < total; seq = next.getAndIncrement()) {
          if (!api.publish(shape.event(seq), callNanos)) {
            failures.incrementAndGet();
          }
        }
      }, "publisher-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return failures.get();
  }

  /** Calls for {@code seconds} from {@code callers} threads; answers how many were accepted. */
  static long closedLoopHttpFor(int apiPort, String token, String tenant, int callers,
      int seconds, Publisher shape, org.HdrHistogram.Recorder callNanos)
      throws InterruptedException {
    Api api = new Api(apiPort, token, tenant);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong next = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          if (api.publish(shape.event(next.getAndIncrement()), callNanos)) {
            accepted.incrementAndGet();
          }
        }
      }, "publisher-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return accepted.get();
  }

  /** One tenant's publish endpoint, over one shared HTTP/1.1 client. */
  static final class Api {
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4)).build();
    private final URI uri;
    private final String token;

    Api(int apiPort, String token, String tenant) {
      this.uri = URI.create("http://127.0.0.1:" + apiPort + "/v1/tenants/" + tenant + "/events");
      this.token = token;
    }

    /** Publishes one event; records the call's time; true on 202. */
    boolean publish(String json, org.HdrHistogram.Recorder callNanos) {
      try {
        long began = System.nanoTime();
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(), HttpResponse.BodyHandlers.discarding());
        callNanos.recordValue(System.nanoTime() - began);
        return r.statusCode() == 202;
      } catch (Exception e) {
        return false;
      }
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
