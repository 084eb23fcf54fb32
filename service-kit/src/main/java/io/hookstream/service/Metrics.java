package io.hookstream.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.regex.Pattern;

/** The one metrics registry of a JVM, with the JVM and process meters bound. */
public final class Metrics {
  /** Tags of Kafka meters finer than one client: per broker, topic, partition, task or store. */
  private static final Set<String> FINER_THAN_CLIENT = Set.of("node.id", "topic", "partition",
      "task.id", "processor.node.id", "record.cache.id");
  /** What a Kafka meter's name says it measures, kept in a summary. */
  private static final Pattern SUMMARY_NAMES = Pattern.compile(
      ".*(records\\.lag\\.max|request\\.rate|request\\.total|error.*|failed.*"
          + "|records\\.consumed\\.rate|record\\.send\\.rate|connection\\.count"
          + "|process\\.rate|commit\\.rate|alive\\.stream\\.threads)");

  /** Which of the Kafka clients' own meters are registered. */
  public enum KafkaMeters {
    /** Per client only: lag, request and record rates, errors, commits. */
    SUMMARY,
    /** Every meter the clients report, per broker, topic, partition and state store. */
    ALL
  }

  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry(KafkaMeters kafkaMeters) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (kafkaMeters == KafkaMeters.SUMMARY) {
      registry.config().meterFilter(MeterFilter.deny(Metrics::beyondSummary));
    }
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** True for a Kafka client meter a summary leaves out. */
  static boolean beyondSummary(Meter.Id id) {
    if (!id.getName().startsWith("kafka.")) {
      return false;
    }
    for (Tag tag : id.getTagsAsIterable()) {
      if (FINER_THAN_CLIENT.contains(tag.getKey()) || tag.getKey().contains("state.id")) {
        return true;
      }
    }
    return !SUMMARY_NAMES.matcher(id.getName()).matches();
  }
}
