package io.hookstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicViewTest {
  static KafkaFixture kafka;
  static KafkaSettings settings;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaFixture.start();
    settings = KafkaSettings.of(kafka.bootstrapServers());
    try (Admin admin = Admin.create(settings.client(Map.of()))) {
      admin.createTopics(List.of(new NewTopic("view", 3, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void holdsTheLatestValuePerKeyAndLetsWritersWaitForTheirWrite() throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        settings.client(Map.of()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("view", "a/1", "first")).get();
      producer.send(new ProducerRecord<>("view", "a/2", "gone soon")).get();
      producer.send(new ProducerRecord<>("view", "b/1", "other tenant")).get();

      try (TopicView<String> view = new TopicView<>(settings, "view", new StringDeserializer())) {
        view.start();
        assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(view.valuesWithPrefix("a/")).containsExactly("first", "gone soon");

        producer.send(new ProducerRecord<>("view", "a/1", "second")).get();
        RecordMetadata tombstone = producer.send(new ProducerRecord<>("view", "a/2", null)).get();
        assertThat(view.awaitApplied(tombstone.partition(), tombstone.offset(), Duration.ofSeconds(10)))
            .isTrue();
        // same key, same partition: the earlier update is applied too
        assertThat(view.get("a/2")).isEmpty();
        assertThat(view.valuesWithPrefix("a/")).containsExactly("second").doesNotContain("other tenant");
      }
    }
  }

  /**
   * A read barrier: whatever was acknowledged before {@code fresh()} was called is in the view
   * once it completes, each time, with no wait for the view's next poll.
   */
  @Test
  void freshSeesEveryWriteAcknowledgedBeforeIt() throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        settings.client(Map.of("linger.ms", 0)), new StringSerializer(), new StringSerializer());
        TopicView<String> view = new TopicView<>(settings, "view", new StringDeserializer())) {
      view.start();
      assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        producer.send(new ProducerRecord<>("view", "f/" + i, "v" + i)).get();
        view.fresh().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(view.get("f/" + i)).as("write %d", i).contains("v" + i);
        producer.send(new ProducerRecord<>("view", "f/" + i, null)).get();
        view.fresh().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(view.get("f/" + i)).as("delete %d", i).isEmpty();
      }
      // a round waits neither for the view's 200 ms poll nor behind a fetch parked on the broker
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void freshAfterCloseFailsRatherThanHanging() {
    TopicView<String> view = new TopicView<>(settings, "view", new StringDeserializer());
    view.start();
    view.close();
    assertThat(view.fresh()).isCancelled();
  }

  @Test
  void malformedRecordsAreSkippedNotFatal() throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.client(Map.of()),
        new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>("view", "m/1", "not json".getBytes(StandardCharsets.UTF_8))).get();
      RecordMetadata good = producer.send(new ProducerRecord<>("view", "m/2",
          "{\"ok\":true}".getBytes(StandardCharsets.UTF_8))).get();
      try (TopicView<Map<?, ?>> view = new TopicView<>(settings, "view",
          io.hookstream.json.JsonSerde.of(Map.class).deserializer()::deserialize)) {
        view.start();
        assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(view.awaitApplied(good.partition(), good.offset(), Duration.ofSeconds(10))).isTrue();
        assertThat(view.get("m/1")).isEmpty();
        assertThat(view.get("m/2")).contains(Map.of("ok", true));
      }
    }
  }
}
