package io.hookstream.retry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.config.Env;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicAdmin;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.TopicLayout;
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
  static final Env ENV = Env.of(Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s,3s"));

  @BeforeAll
  static void start() {
    kafka = KafkaFixture.start();
    settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicAdmin.createMissing(settings, Topics.all(new TopicLayout(2, 3, Duration.ofDays(1),
        Duration.ofDays(1), Duration.ofDays(1)), RetrySchedule.parse("1s,3s")), (short) 1, 1);
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
