package io.hookstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * FIFO endpoints: how fast a backlog drains to endpoints answering in 50 ms, one event per
 * request and in batches of 100, in order; and whether healthy endpoints beside a blocked FIFO
 * endpoint keep their rate (the isolation scenario's shape, side by side in one run).
 */
final class FifoScenarios {
  static final int LATENCY_MS = 50;
  static final int FIFO_ENDPOINTS = 4;
  private final Options options;

  FifoScenarios(Options options) {
    this.options = options;
  }

  Report fifo() throws Exception {
    int backlogSingle = 400;
    int backlogBatched = 20_000;
    int rate = options.rate();
    int seconds = options.seconds();
    try (Rig rig = new Rig(options, Map.of(), List.of())) {
      Map<String, Object> single = drain(rig, "fs", backlogSingle, "");
      Map<String, Object> batched = drain(rig, "fb", backlogBatched,
          ",\"batch\":{\"maxEvents\":100}");
      isolationRun(rig, "w", rate, 15, false);
      Map<String, Object> healthy = isolationRun(rig, "a", rate, seconds, false);
      Map<String, Object> blocked = isolationRun(rig, "b", rate, seconds, true);
      double kept = ((Number) blocked.get("deliveries_per_s")).doubleValue()
          / ((Number) healthy.get("deliveries_per_s")).doubleValue();
      return new Report("fifo")
          .setting("receiverLatencyMs", LATENCY_MS)
          .setting("fifoEndpoints", FIFO_ENDPOINTS)
          .setting("backlogPerEndpointSingle", backlogSingle)
          .setting("backlogPerEndpointBatched", backlogBatched)
          .setting("isolation", options.endpoints() - 1 + " plain endpoints and 1 FIFO endpoint,"
              + " " + rate + " events/s for " + seconds + " s; blocked: the FIFO endpoint answers"
              + " 500 to everything")
          .figure("drain_one_per_request", single)
          .figure("drain_batches_of_100", batched)
          .figure("isolation_fifo_healthy", healthy)
          .figure("isolation_fifo_blocked", blocked)
          .figure("healthy_rate_kept", Report.round2(kept));
    }
  }

  /**
   * {@link #FIFO_ENDPOINTS} FIFO webhooks of one tenant answering in 50 ms; {@code backlog}
   * events published at once, so each endpoint works through that many in order.
   */
  private Map<String, Object> drain(Rig rig, String prefix, int backlog, String fields)
      throws Exception {
    List<String> paths = Scenarios.paths(prefix, FIFO_ENDPOINTS);
    paths.forEach(p -> rig.receiver.latency(p, LATENCY_MS));
    rig.tenant("t" + prefix, prefix, FIFO_ENDPOINTS, ",\"ordering\":\"fifo\"" + fields);
    rig.publisher.burst("t" + prefix, backlog);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline && paths.stream()
        .anyMatch(p -> rig.receiver.stats(p).events.get() < backlog)) {
      Thread.sleep(200);
    }
    long first = Long.MAX_VALUE;
    long last = 0;
    long events = 0;
    long requests = 0;
    long outOfOrder = 0;
    List<Long> perEndpoint = new ArrayList<>();
    for (String p : paths) {
      Receiver.PathStats s = rig.receiver.stats(p);
      first = Math.min(first, s.firstNanos);
      last = Math.max(last, s.lastNanos);
      events += s.events.get();
      requests += s.requests.get();
      outOfOrder += s.outOfOrder.get();
      perEndpoint.add(s.events.get());
    }
    double span = (last - first) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events_delivered", events);
    out.put("requests", requests);
    out.put("seconds", Report.round(span));
    out.put("events_per_s_per_endpoint", Report.round(events / span / FIFO_ENDPOINTS));
    out.put("events_per_s_total", Report.round(events / span));
    out.put("out_of_order_requests", outOfOrder);
    out.put("per_endpoint", perEndpoint);
    return out;
  }

  /**
   * 19 plain endpoints and one FIFO endpoint in one tenant, a steady load; the FIFO endpoint
   * healthy, or answering 500 to everything (its head retried in place, its backlog held).
   */
  private Map<String, Object> isolationRun(Rig rig, String prefix, int rate, int seconds,
      boolean blocked) throws Exception {
    int endpoints = options.endpoints();
    rig.receiver.reset();
    List<String> plain = Scenarios.paths("i" + prefix, endpoints - 1);
    String fifo = "/i" + prefix + "fifo";
    plain.forEach(p -> rig.receiver.latency(p, 0));
    rig.receiver.failing(fifo, blocked);
    rig.tenant("iso" + prefix, "i" + prefix, endpoints - 1);
    rig.hookstream.post("/v1/tenants/iso" + prefix + "/webhooks", "{\"url\":\""
        + rig.receiver.url(fifo) + "\",\"events\":[\"" + Publisher.TYPE + "\"],"
        + "\"ordering\":\"fifo\",\"onExhausted\":\"halt\"}");
    rig.publisher.steady("iso" + prefix, rate, seconds);
    Scenarios.awaitDeliveries(rig.receiver, plain, (long) rate * seconds,
        TimeUnit.MINUTES.toNanos(5));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deliveries_per_s", Math.round(Scenarios.rate(rig.receiver, plain)));
    out.put("delivered_unique", Scenarios.unique(rig.receiver, plain));
    out.put("e2e_ms", Report.latencyMillis(Scenarios.merged(rig.receiver, plain)));
    out.put("fifo_requests", rig.receiver.stats(fifo).requests.get());
    return out;
  }
}
