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
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Map<String, PathStats> stats = new ConcurrentHashMap<>();
  private volatile Flow flow = new Flow();

  /**
   * The flow of deliveries over every path: the longest time without any, and the count in each
   * second, so a stall in steady state shows.
   */
  static final class Flow {
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    private final AtomicLong last = new AtomicLong();
    private final AtomicLong longestGap = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong first = new AtomicLong();
    private volatile long longestGapEnd;

    void arrived(long now) {
      first.compareAndSet(0, now);
      perSecond.computeIfAbsent(now / 1_000_000_000L, k -> new AtomicLong()).incrementAndGet();
      long before = last.getAndSet(now);
      if (before != 0) {
        long gap = now - before;
        if (gap > longestGap.getAndAccumulate(gap, Math::max)) {
          longestGapEnd = now;
        }
        if (gap >= 1_000_000_000L) {
          stalls.incrementAndGet();
        }
      }
    }

    /**
     * Longest gap between two deliveries (ms), gaps of a second or more, and the fewest and the
     * median deliveries in a whole second (the first and last seconds, partial, left out).
     */
    Map<String, Object> figures() {
      java.util.TreeMap<Long, AtomicLong> seconds = new java.util.TreeMap<>(perSecond);
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("longest_gap_ms", Report.round(longestGap.get() / 1e6));
      out.put("gaps_over_1s", stalls.get());
      // where the longest gap ended, and the whole span: a gap at the very end is a tail (the
      // last few deliveries), not a stall in steady state
      out.put("longest_gap_ended_at_s", Report.round((longestGapEnd - first.get()) / 1e9));
      out.put("span_s", Report.round((last.get() - first.get()) / 1e9));
      if (seconds.size() > 2) {
        long[] counts = seconds.subMap(seconds.firstKey(), false, seconds.lastKey(), false)
            .values().stream().mapToLong(AtomicLong::get).sorted().toArray();
        // seconds with no delivery at all are missing from the map: count them as zero
        long span = seconds.lastKey() - seconds.firstKey() - 1;
        long empty = span - counts.length;
        out.put("slowest_second", empty > 0 ? 0 : counts[0]);
        out.put("median_second", counts[counts.length / 2]);
      }
      return out;
    }
  }

  /**
   * Per path: deliveries, distinct ids, first and last arrival, end-to-end latency; and for
   * ordered webhooks the events (a batch counts its {@code webhook-batch} count), the highest
   * {@code webhook-sequence} seen and the requests whose sequence went backwards.
   */
  static final class PathStats {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    long lastSequence;
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
        order(target, request.getHeader("webhook-sequence"), request.getHeader("webhook-batch"));
        if (failing.contains(target)) {
          response.setStatus(500);
          return;
        }
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

  /** {@code path} answers 500 to everything. */
  void failing(String path, boolean fails) {
    if (fails) {
      failing.add(path);
    } else {
      failing.remove(path);
    }
  }

  private void order(String path, String sequence, String batch) {
    PathStats s = stats(path);
    long count = 1;
    long last = sequence == null ? -1 : Long.parseLong(sequence);
    if (batch != null) {
      for (String part : batch.split(";")) {
        if (part.startsWith("count=")) {
          count = Long.parseLong(part.substring(6));
        } else if (part.startsWith("last=")) {
          last = Long.parseLong(part.substring(5));
        }
      }
    }
    s.events.addAndGet(count);
    if (sequence != null && !failing.contains(path)) {
      synchronized (s) {
        if (Long.parseLong(sequence) < s.lastSequence) {
          s.outOfOrder.incrementAndGet();
        }
        s.lastSequence = Math.max(s.lastSequence, last);
      }
    }
  }

  PathStats stats(String path) {
    return stats.computeIfAbsent(path, p -> new PathStats());
  }

  void reset() {
    stats.clear();
    flow = new Flow();
  }

  /** The flow since the last {@link #reset()}. */
  Flow flow() {
    return flow;
  }

  private void record(String path, String id, byte[] body, long now) {
    flow.arrived(now);
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
