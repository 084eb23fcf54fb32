package io.hookstream.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes {@code /health/live} and {@code /health/ready} every 100 ms, each with a 2 s timeout, and
 * keeps every probe that went unanswered while the process was meant to be up. A probe counts
 * only if the same life of the process ({@link #up()} to {@link #down()}) covered all of it.
 */
final class HealthWatch implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong life = new AtomicLong();
  private final AtomicInteger answered = new AtomicInteger();
  private final List<String> unanswered = new CopyOnWriteArrayList<>();
  private volatile boolean up;

  HealthWatch(int port) {
    timer.scheduleWithFixedDelay(() -> {
      probe(port, "/health/live");
      probe(port, "/health/ready");
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  void up() {
    life.incrementAndGet();
    up = true;
  }

  void down() {
    up = false;
    life.incrementAndGet();
  }

  private void probe(int port, String path) {
    long lifeAtStart = life.get();
    boolean upAtStart = up;
    String failure;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      // ready may say 503 while it catches up; the answer itself is what counts, as JSON
      failure = r.body().startsWith("{") ? null : path + " answered " + r.statusCode() + ": "
          + r.body();
    } catch (Exception e) {
      failure = path + ": " + e;
    }
    if (!upAtStart || !up || life.get() != lifeAtStart) {
      return;
    }
    if (failure == null) {
      answered.incrementAndGet();
    } else {
      unanswered.add(failure);
    }
  }

  boolean isUp() {
    return up;
  }

  int answered() {
    return answered.get();
  }

  List<String> unanswered() {
    return unanswered;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
