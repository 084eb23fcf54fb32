package io.hookstream.bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The benchmark's webhook receiver (Jetty, asynchronous): each path answers 200 after its
 * configured latency, or never. It counts deliveries per path, unique by {@code webhook-id}, and
 * records end-to-end latency from the {@code sentNanos} the publisher put into the event.
 */
final class Receiver implements AutoCloseable {
  static final long NEVER = -1;

  private final Server server;
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private final Map<String, Long> latencyMillis = new ConcurrentHashMap<>();
  private final Map<String, PathStats> stats = new ConcurrentHashMap<>();

  /** Per path: deliveries, distinct ids, first and last arrival, end-to-end latency. */
  static final class PathStats {
    final AtomicLong requests = new AtomicLong();
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    final Recorder endToEnd = new Recorder(3_600_000_000_000L, 3);
    volatile long firstNanos;
    volatile long lastNanos;
  }

  Receiver() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("receiver");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    server.setHandler(new AbstractHandler() {
      @Override
      public void handle(String target, Request base, HttpServletRequest request,
          HttpServletResponse response) throws IOException {
        base.setHandled(true);
        byte[] body = request.getInputStream().readAllBytes();
        long now = System.nanoTime();
        record(target, request.getHeader("webhook-id"), body, now);
        long latency = latencyMillis.getOrDefault(target, 0L);
        if (latency == 0) {
          response.setStatus(200);
          return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(latency == NEVER ? 120_000 : latency + 60_000);
        if (latency != NEVER) {
          timers.schedule(() -> {
            ((HttpServletResponse) async.getResponse()).setStatus(200);
            async.complete();
          }, latency, TimeUnit.MILLISECONDS);
        }
      }
    });
    server.start();
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** {@code path} answers after {@code millis} (0: at once, {@link #NEVER}: never). */
  void latency(String path, long millis) {
    latencyMillis.put(path, millis);
  }

  PathStats stats(String path) {
    return stats.computeIfAbsent(path, p -> new PathStats());
  }

  void reset() {
    stats.clear();
  }

  private void record(String path, String id, byte[] body, long now) {
    PathStats s = stats(path);
    if (s.requests.getAndIncrement() == 0) {
      s.firstNanos = now;
    }
    s.lastNanos = now;
    if (id != null) {
      s.ids.add(id);
    }
    long sent = sentNanos(body);
    if (sent > 0 && now > sent) {
      s.endToEnd.recordValue(now - sent);
    }
  }

  /** The {@code "sentNanos":<n>} the publisher wrote into the event, without parsing the JSON. */
  static long sentNanos(byte[] body) {
    byte[] key = "\"sentNanos\":".getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + key.length < body.length; i++) {
      for (int j = 0; j < key.length; j++) {
        if (body[i + j] != key[j]) {
          continue outer;
        }
      }
      long value = 0;
      for (int k = i + key.length; k < body.length && body[k] >= '0' && body[k] <= '9'; k++) {
        value = value * 10 + (body[k] - '0');
      }
      return value;
    }
    return -1;
  }

  @Override
  public void close() throws Exception {
    timers.shutdownNow();
    server.stop();
  }
}
