package io.hookstream.retry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.config.Env;
import io.hookstream.retry.RetryTiers;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicAdmin;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.TopicLayout;
import io.hookstream.topics.TopicSpec;
import io.hookstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetrySchedulerServiceTest {
  static KafkaFixture kafka;
  static KafkaSettings settings;
  static KafkaProducer<String, byte[]> producer;
  static final Env ENV = Env.of(Map.of());

  @BeforeAll
  static void start() {
    kafka = KafkaFixture.start();
    settings = KafkaSettings.of(kafka.bootstrapServers());
    List<TopicSpec> topics = new java.util.ArrayList<>(Topics.all(new TopicLayout(2, 3,
        Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1))));
    // A tier an older version made for its own schedule: still consumed after the upgrade.
    topics.add(new TopicSpec("hookstream.retry.3s", 3, Map.of(), "subscription id", "old tier"));
    TopicAdmin.createMissing(settings, topics, (short) 1, 1);
    producer = new KafkaProducer<>(settings.client(Map.of()), new StringSerializer(),
        new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    kafka.close();
  }

  @Test
  void releasesEachRecordWhenDueNotBeforeAndExactlyOnce() throws Exception {
    try (RetrySchedulerService scheduler = scheduler()) {
      scheduler.start();
      long sent = System.currentTimeMillis();
      // a record waiting 3 s on its tier does not hold back the 1 s tier
      put("hookstream.retry.3s", "sub_slowtier", "late", sent);
      put("hookstream.retry.1s", "sub_fasttier", "early-1", sent);
      put("hookstream.retry.1s", "sub_fasttier", "early-2", sent);

      List<ConsumerRecord<String, byte[]>> early = released("sub_fasttier", 2);
      assertThat(early).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("early-1", "early-2");
      for (ConsumerRecord<String, byte[]> r : early) {
        assertThat(r.timestamp() - sent).isBetween(1_000L, 2_500L);
      }
      ConsumerRecord<String, byte[]> late = released("sub_slowtier", 1).get(0);
      assertThat(late.timestamp() - sent).isBetween(3_000L, 4_500L);
    }
  }

  @Test
  void aRecordWaitingDuringARestartIsReleasedOnceByTheNextScheduler() throws Exception {
    long sent = System.currentTimeMillis();
    try (RetrySchedulerService first = scheduler()) {
      first.start();
      put("hookstream.retry.3s", "sub_restart", "survivor", sent);
      Thread.sleep(1_000);
    }
    try (RetrySchedulerService second = scheduler()) {
      second.start();
      List<ConsumerRecord<String, byte[]>> out = released("sub_restart", 1);
      assertThat(out).hasSize(1);
      assertThat(out.get(0).timestamp() - sent).isGreaterThanOrEqualTo(3_000L);
    }
  }

  @Test
  void aLongerWaitHopsOnThroughTheTiersAndIsReleasedWhenDueNotBefore() throws Exception {
    try (RetrySchedulerService scheduler = scheduler()) {
      scheduler.start();
      long sent = System.currentTimeMillis();
      // 3.5 s: 1 s, 1 s, 1 s, then the half second left back-dated into the 1 s tier
      putDue("hookstream.retry.1s", "sub_hops", "hopper", sent, sent + 3_500);
      // 7 s through the 5 s tier, then 1 s twice
      putDue("hookstream.retry.5s", "sub_hops5", "five-then-two", sent, sent + 7_000);
      ConsumerRecord<String, byte[]> hopped = released("sub_hops", 1).get(0);
      assertThat(hopped.timestamp() - sent).isBetween(3_500L, 5_000L);
      ConsumerRecord<String, byte[]> five = released("sub_hops5", 1).get(0);
      assertThat(five.timestamp() - sent).isBetween(7_000L, 8_500L);
    }
  }

  static void putDue(String tier, String key, String value, long timestamp, long dueAt) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(tier, null, timestamp, key,
        value.getBytes(StandardCharsets.UTF_8));
    record.headers().add(RetryTiers.DUE_AT_HEADER,
        Long.toString(dueAt).getBytes(StandardCharsets.US_ASCII));
    producer.send(record);
    producer.flush();
  }

  static RetrySchedulerService scheduler() {
    return new RetrySchedulerService(RetrySchedulerConfig.fromEnv(ENV, settings),
        new SimpleMeterRegistry(), Clock.systemUTC());
  }

  static void put(String tier, String key, String value, long timestamp) {
    producer.send(new ProducerRecord<>(tier, null, timestamp, key,
        value.getBytes(StandardCharsets.UTF_8)));
    producer.flush();
  }

  static List<ConsumerRecord<String, byte[]>> released(String key, int count) {
    return TopicReader.await(kafka.bootstrapServers(), Topics.DELIVERIES,
        r -> key.equals(r.key()), count, Duration.ofSeconds(20));
  }
}
