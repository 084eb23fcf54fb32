package io.hookstream.ingest.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Publish counters: accepted, and rejected by the error code answered (a bounded set). */
final class IngestMetrics {
  private final MeterRegistry registry;
  private final Counter ingested;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ingested = Counter.builder("hookstream_events_ingested")
        .description("Events accepted by the API (202)").register(registry);
  }

  void ingested() {
    ingested.increment();
  }

  void rejected(String reason) {
    rejected.computeIfAbsent(reason, r -> Counter.builder("hookstream_events_rejected")
        .description("Publishes refused, by the error code answered").tag("reason", r)
        .register(registry)).increment();
  }
}
