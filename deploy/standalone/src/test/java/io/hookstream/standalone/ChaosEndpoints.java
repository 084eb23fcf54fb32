package io.hookstream.standalone;

import io.hookstream.testkit.ScriptedReceiver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * The receivers of {@link ChaosTest}, one path per kind of endpoint, on one MockWebServer. Each
 * keeps, per path, the ids it answered with a 2xx, and when each request arrived.
 */
final class ChaosEndpoints implements AutoCloseable {
  /** Answers 200. */
  static final String OK = "/ok";
  /** Fails the first try of each delivery with 500, then answers 200. */
  static final String FLAKY = "/flaky";
  /** Answers 200 after 1.5 s (within the default 5 s timeout). */
  static final String SLOW = "/slow";
  /** Answers after 10 s; its webhook times out after 1 s. */
  static final String HANGING = "/hanging";
  /** Resets the connection after reading the request. */
  static final String RESETTING = "/resetting";
  /** Always 500. */
  static final String DEAD = "/dead";
  /** 410 Gone. */
  static final String GONE = "/gone";
  /** Answers 200 until its webhook is deleted mid-run. */
  static final String DELETED = "/deleted";
  /** Answers 200 until its webhook is moved to {@link #MOVED_TO} mid-run. */
  static final String MOVED_FROM = "/moved-from";
  /** Where the moved webhook points after its PATCH; answers 200. */
  static final String MOVED_TO = "/moved-to";
  /** Answer 200; their webhooks are edited concurrently all along. */
  static final List<String> EDITED = List.of("/edited-0", "/edited-1", "/edited-2");

  static List<String> all() {
    List<String> all = new java.util.ArrayList<>(
        List.of(OK, FLAKY, SLOW, HANGING, RESETTING, DEAD, GONE, DELETED, MOVED_FROM));
    all.addAll(EDITED);
    return all;
  }

  private final ScriptedReceiver receiver = new ScriptedReceiver();
  private final Map<String, Set<String>> answered2xx = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> flakyTries = new ConcurrentHashMap<>();

  ChaosEndpoints() {
    on(OK, r -> ok(OK, r));
    on(FLAKY, r -> flakyTries.computeIfAbsent(r.getHeader("webhook-id"),
        k -> new AtomicInteger()).incrementAndGet() == 1 ? status(500) : ok(FLAKY, r));
    on(SLOW, r -> ok(SLOW, r).setHeadersDelay(1500, TimeUnit.MILLISECONDS));
    on(HANGING, r -> status(200).setHeadersDelay(10, TimeUnit.SECONDS));
    on(RESETTING, r -> status(200).setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    on(DEAD, r -> status(500));
    on(GONE, r -> status(410));
    on(DELETED, r -> ok(DELETED, r));
    on(MOVED_FROM, r -> ok(MOVED_FROM, r));
    on(MOVED_TO, r -> ok(MOVED_TO, r));
    EDITED.forEach(p -> on(p, r -> ok(p, r)));
  }

  private void on(String path, Function<RecordedRequest, MockResponse> answer) {
    receiver.otherwise(path, r -> {
      arrivals.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
      return answer.apply(r);
    });
  }

  private MockResponse ok(String path, RecordedRequest r) {
    answered2xx.computeIfAbsent(path, k -> ConcurrentHashMap.newKeySet())
        .add(r.getHeader("webhook-id"));
    return status(200);
  }

  private static MockResponse status(int code) {
    return new MockResponse().setResponseCode(code);
  }

  String url(String path) {
    return receiver.url(path);
  }

  /** The event ids {@code path} answered with a 2xx. */
  Set<String> delivered(String path) {
    return answered2xx.getOrDefault(path, Set.of());
  }

  /** The event ids the moved webhook's two URLs answered with a 2xx. */
  Set<String> deliveredToMoved() {
    Set<String> both = new java.util.HashSet<>(delivered(MOVED_FROM));
    both.addAll(delivered(MOVED_TO));
    return both;
  }

  /** How many requests reached {@code path} after {@code nanoTime}. */
  long arrivedAfter(String path, long nanoTime) {
    return arrivals.getOrDefault(path, List.of()).stream().filter(t -> t > nanoTime).count();
  }

  List<RecordedRequest> requests(String path) {
    return receiver.requests(path);
  }

  @Override
  public void close() {
    receiver.close();
  }
}
