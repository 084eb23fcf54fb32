package io.hookstream.bench;

import io.hookstream.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
   * {@code perSecond} events for {@code seconds} through {@code POST /v1/tenants/{t}/events}, on a
   * few threads so one slow answer does not delay the schedule.
   */
  static long steadyHttp(int apiPort, String token, String tenant, int perSecond, int seconds,
      Publisher shape, org.HdrHistogram.Recorder callNanos) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    URI uri = URI.create("http://127.0.0.1:" + apiPort + "/v1/tenants/" + tenant + "/events");
    AtomicLong failures = new AtomicLong();
    paced(perSecond, seconds, seq -> senders.execute(() -> {
        try {
          long began = System.nanoTime();
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(shape.event(seq)))
              .build(), HttpResponse.BodyHandlers.discarding());
          callNanos.recordValue(System.nanoTime() - began);
          if (r.statusCode() != 202) {
            failures.incrementAndGet();
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        }
      }));
    senders.shutdown();
    senders.awaitTermination(1, TimeUnit.MINUTES);
    return failures.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
