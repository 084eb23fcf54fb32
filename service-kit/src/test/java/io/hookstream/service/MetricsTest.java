package io.hookstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void aSummaryKeepsPerClientLagRatesAndErrorsOnly() {
    Tags client = Tags.of("client.id", "hookstream-dispatcher", "kafka.version", "4.1.2");
    assertThat(Metrics.beyondSummary(id("kafka.consumer.fetch.manager.records.lag.max", client)))
        .isFalse();
    assertThat(Metrics.beyondSummary(id("kafka.producer.request.rate", client))).isFalse();
    assertThat(Metrics.beyondSummary(id("kafka.producer.record.error.total", client))).isFalse();
    assertThat(Metrics.beyondSummary(id("kafka.consumer.coordinator.commit.rate", client)))
        .isFalse();
    // a Streams application's threads are few: their process rate stays
    assertThat(Metrics.beyondSummary(id("kafka.stream.thread.process.rate",
        client.and("thread.id", "hookstream-router-1-StreamThread-1")))).isFalse();
    // finer than a client, or not one of the summary's measures
    assertThat(Metrics.beyondSummary(id("kafka.consumer.fetch.manager.records.lag.max",
        client.and("topic", "hookstream.deliveries", "partition", "3")))).isTrue();
    assertThat(Metrics.beyondSummary(id("kafka.producer.node.request.rate",
        client.and("node.id", "node-1")))).isTrue();
    assertThat(Metrics.beyondSummary(id("kafka.stream.state.put.if.absent.latency.avg",
        client.and("rocksdb.state.id", "subscriptions")))).isTrue();
    assertThat(Metrics.beyondSummary(id("kafka.producer.buffer.available.bytes", client)))
        .isTrue();
    // Hookstream's own and the JVM's are never touched
    assertThat(Metrics.beyondSummary(id("hookstream.attempts", Tags.of("topic", "x")))).isFalse();
    assertThat(Metrics.beyondSummary(id("jvm.memory.used", Tags.empty()))).isFalse();
  }

  @Test
  void theSummaryRegistryRefusesWhatItLeavesOut() {
    PrometheusMeterRegistry registry = Metrics.newRegistry(Metrics.KafkaMeters.SUMMARY);
    registry.gauge("kafka.producer.buffer.available.bytes", Tags.of("client.id", "c"), 1.0);
    registry.gauge("kafka.producer.request.rate", Tags.of("client.id", "c"), 2.0);
    assertThat(registry.scrape()).contains("kafka_producer_request_rate{client_id=\"c\"} 2.0")
        .doesNotContain("kafka_producer_buffer_available_bytes");
    PrometheusMeterRegistry all = Metrics.newRegistry(Metrics.KafkaMeters.ALL);
    all.gauge("kafka.producer.buffer.available.bytes", Tags.of("client.id", "c"), 1.0);
    assertThat(all.scrape()).contains("kafka_producer_buffer_available_bytes");
  }

  private static Meter.Id id(String name, Tags tags) {
    return new Meter.Id(name, tags, null, null, Meter.Type.GAUGE);
  }
}
