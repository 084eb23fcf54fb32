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
import java.util.List;
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
    assertRefused(receiver.url("/literal"));
  }

  @Test
  void aNameResolvingToLoopbackIsRefusedAtConnectTime() {
    assertRefused(receiver.url("/named").replace("127.0.0.1", "localhost"));
  }

  /**
   * Every form the HTTP client reads as an address, stored while private targets were allowed,
   * is refused when they no longer are: OkHttp connects to these without asking DNS.
   */
  @Test
  void everyAddressFormTheClientAcceptsIsRefusedAtSendTime() {
    for (String host : List.of("2130706433", "0", "127.1", "0.0.0.0", "[::ffff:127.0.0.1]",
        "[::1]")) {
      assertRefused(receiver.url("/literal").replace("127.0.0.1", host));
    }
  }

  /** One attempt is one request: the client never sends it again on a reset connection. */
  @Test
  void aResetConnectionIsOneFailedAttemptAndOneRequest() throws Exception {
    try (java.net.ServerSocket reset = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.atomic.AtomicInteger accepted =
          new java.util.concurrent.atomic.AtomicInteger();
      Thread server = new Thread(() -> {
        while (!reset.isClosed()) {
          try (java.net.Socket s = reset.accept()) {
            accepted.incrementAndGet();
            s.getInputStream().read(new byte[1024]);
            s.setSoLinger(true, 0); // close with RST after reading the request
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      server.setDaemon(true);
      server.start();
      try (DispatcherRig open = DispatcherRig.start(1, Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s",
          "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true"), Clock.systemUTC())) {
        Subscription sub = DispatcherServiceTest.subscriptionAt(
            "http://127.0.0.1:" + reset.getLocalPort() + "/reset");
        open.producer().send(new ProducerRecord<>(Topics.DELIVERIES, sub.id().value(),
            Json.toBytes(DispatcherServiceTest.task(sub, 0))));
        open.producer().flush();
        DeliveryAttempt attempt = Json.fromBytes(TopicReader.await(
            open.kafka().bootstrapServers(), Topics.ATTEMPTS,
            r -> r.key().equals(sub.id().value()), 1, Duration.ofSeconds(20)).get(0).value(),
            DeliveryAttempt.class);
        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
        assertThat(attempt.statusCode()).isNull();
        assertThat(accepted).hasValue(1);
      }
    }
  }

  void assertRefused(String url) {
    Subscription sub = DispatcherServiceTest.subscriptionAt(url);
    producer.send(new ProducerRecord<>(Topics.DELIVERIES, sub.id().value(),
        Json.toBytes(DispatcherServiceTest.task(sub, 0))));
    producer.flush();
    DeliveryAttempt attempt = Json.fromBytes(TopicReader.await(kafka.bootstrapServers(),
        Topics.ATTEMPTS, r -> r.key().equals(sub.id().value()), 1, Duration.ofSeconds(20)).get(0)
        .value(), DeliveryAttempt.class);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    // the reason never says what a name resolves to
    assertThat(attempt.error()).isEqualTo("refused by the SSRF guard: the target is not a public"
        + " address");
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
