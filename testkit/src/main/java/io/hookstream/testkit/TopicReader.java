package io.hookstream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, for tests that check what a service wrote. */
public final class TopicReader {
  private TopicReader() {}

  /**
   * Waits until {@code count} records matching {@code which} are in {@code topic}, and returns all
   * matching records read by then (at least {@code count}); fails after {@code timeout}.
   */
  public static List<ConsumerRecord<String, byte[]>> await(String bootstrap, String topic,
      Predicate<ConsumerRecord<String, byte[]>> which, int count, Duration timeout) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected " + count + " matching records in " + topic
              + " within " + timeout + ", found " + out.size());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (which.test(r)) {
            out.add(r);
          }
        }
      }
      // pick up anything already written beyond the count, so tests can assert "exactly"
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
        if (which.test(r)) {
          out.add(r);
        }
      }
      return out;
    }
  }
}
