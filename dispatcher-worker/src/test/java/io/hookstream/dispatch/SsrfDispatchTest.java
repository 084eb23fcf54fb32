package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeadLetter;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.Subscription;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher that may not call private addresses: a delivery to a loopback URL, by literal or
 * by a name that resolves to it, is refused at connect time, recorded, parked, and not retried.
 */
class SsrfDispatchTest {
  static DispatcherRig rig;
  static KafkaFixture kafka;
  static ScriptedReceiver receiver;
  static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void start() {
    rig = DispatcherRig.start(2, Map.of(
        "HOOKSTREAM_RETRY_SCHEDULE", "1s",
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "false"), Clock.systemUTC());
    kafka = rig.kafka();
    receiver = rig.receiver();
    producer = rig.producer();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void aLiteralLoopbackAddressIsRefusedAndNotRetried() {
    assertRefused(receiver.url("/literal"), "127.0.0.1 is a loopback address");
  }

  @Test
  void aNameResolvingToLoopbackIsRefusedAtConnectTime() {
    String url = receiver.url("/named").replace("127.0.0.1", "localhost");
    assertRefused(url, "localhost resolves to 127.0.0.1 is a loopback address");
  }

  void assertRefused(String url, String reason) {
    Subscription sub = DispatcherServiceTest.subscription("/x").toBuilder().url(url).build();
    producer.send(new ProducerRecord<>(Topics.DELIVERIES, sub.id().value(),
        Json.toBytes(DispatcherServiceTest.task(sub, 0))));
    producer.flush();
    DeliveryAttempt attempt = Json.fromBytes(TopicReader.await(kafka.bootstrapServers(),
        Topics.ATTEMPTS, r -> r.key().equals(sub.id().value()), 1, Duration.ofSeconds(20)).get(0)
        .value(), DeliveryAttempt.class);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(attempt.error()).startsWith("refused by the SSRF guard").contains(reason);
    DeadLetter parked = Json.fromBytes(TopicReader.await(kafka.bootstrapServers(), Topics.DLQ,
        r -> r.key().equals(sub.id().value()), 1, Duration.ofSeconds(20)).get(0).value(),
        DeadLetter.class);
    assertThat(parked.error()).startsWith("refused by the SSRF guard");
    assertThat(TopicReader.await(kafka.bootstrapServers(), "hookstream.retry.1s",
        r -> r.key().equals(sub.id().value()), 0, Duration.ofSeconds(2))).isEmpty();
    assertThat(receiver.requests("/literal")).isEmpty();
    assertThat(receiver.requests("/named")).isEmpty();
  }
}
