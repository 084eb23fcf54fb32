package io.hookstream.standalone;

import static io.hookstream.standalone.ProcessTests.ADMIN;

import io.hookstream.testkit.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Edits webhooks concurrently, without {@code If-Match}: per webhook one editor renames it, one
 * rewrites its description and one rotates its secret, each sequentially, all at once. Each
 * remembers the last value answered with 200 and whether a later request went unanswered (sent
 * to a process that was killed: it may or may not have been applied).
 */
final class ChaosEditors implements AutoCloseable {
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(3);
  private final List<Editor> editors = new ArrayList<>();
  private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.function.BooleanSupplier up;

  /** One field of one webhook, changed by one sequence of requests. */
  static final class Editor {
    final String webhook;
    final String field;
    private final AtomicInteger sent = new AtomicInteger();
    volatile String lastAnswered;
    volatile boolean unansweredSince;
    volatile int answeredThisLife;

    Editor(String webhook, String field) {
      this.webhook = webhook;
      this.field = field;
    }
  }

  ChaosEditors(ApiClient api, String tenant, List<String> webhooks,
      java.util.function.BooleanSupplier up) {
    this.up = up;
    for (String id : webhooks) {
      String path = "/v1/tenants/" + tenant + "/webhooks/" + id;
      for (String field : List.of("name", "description")) {
        Editor e = new Editor(id, field);
        editors.add(e);
        pool.scheduleWithFixedDelay(() -> edit(e, () -> {
          String value = field + "-" + e.sent.incrementAndGet();
          ApiClient.Answer a = api.patch(path, ADMIN, "{\"" + field + "\":\"" + value + "\"}");
          return answered(a, value);
        }), 0, 40, TimeUnit.MILLISECONDS);
      }
      Editor rotation = new Editor(id, "secret");
      editors.add(rotation);
      pool.scheduleWithFixedDelay(() -> edit(rotation, () -> {
        ApiClient.Answer a = api.post(path + "/rotate-secret", ADMIN, "{}");
        return answered(a, a.status() == 200 ? a.text("secret") : null);
      }), 0, 300, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The value a 200 set; any other answer is kept as a refusal (none is expected once the process
   * says it is up; while it starts it answers 503).
   */
  private String answered(ApiClient.Answer a, String value) {
    if (a.status() != 200 && up.getAsBoolean()) {
      refusals.add(a.status() + " " + a.raw());
      return null;
    }
    return value;
  }

  private static void edit(Editor e, java.util.function.Supplier<String> request) {
    try {
      String value = request.get();
      if (value == null) {
        e.unansweredSince = true;
        return;
      }
      e.lastAnswered = value;
      e.unansweredSince = false;
      e.answeredThisLife++;
    } catch (RuntimeException unanswered) {
      e.unansweredSince = true;
    }
  }

  /** A new life of the process: counts answers afresh. */
  void restarted() {
    editors.forEach(e -> e.answeredThisLife = 0);
  }

  /** Changes answered with anything but 200. */
  List<String> refusals() {
    return refusals;
  }

  List<Editor> editors() {
    return editors;
  }

  /** Stops editing once the requests under way are answered. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
