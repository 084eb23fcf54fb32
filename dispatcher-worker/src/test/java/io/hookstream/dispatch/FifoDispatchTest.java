package io.hookstream.dispatch;

import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.BatchPolicy;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.DeadLetter;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.OnExhausted;
import io.hookstream.model.Ordering;
import io.hookstream.model.RawJson;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.signing.WebhookSecrets;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FIFO endpoints on a real broker: one request in flight, the head retried in place, the order
 * of {@code webhook-sequence} kept through failures, skips, batches and a backlog larger than
 * the worker keeps in memory, while other endpoints of the same partition go on.
 */
class FifoDispatchTest {
  static final TenantId ACME = TenantId.of("acme");
  static final Duration WAIT = Duration.ofSeconds(60);
  static final AtomicInteger ids = new AtomicInteger();
  static final Clock clock = Clock.systemUTC();
  static DispatcherRig rig;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() {
    rig = DispatcherRig.start(3, Map.of(
        "HOOKSTREAM_RETRY_SCHEDULE", "1s,1s",
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true",
        "HOOKSTREAM_DISPATCH_COMMIT_INTERVAL", "100ms"), clock);
    receiver = rig.receiver();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void aHeadFailingTwiceIsRetriedInPlaceAndNothingBehindItOvertakesIt() {
    String path = "/order";
    receiver.script(path, status(500), status(503));
    Subscription sub = fifo(path, b -> b);
    List<DeliveryTask> tasks = tasks(sub, 10);
    publish(tasks, 0);

    awaitRequests(path, 12);
    assertThat(sequences(path)).containsExactly(1L, 1L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    List<DeliveryAttempt> attempts = records(Topics.ATTEMPTS, sub, 12, DeliveryAttempt.class);
    List<DeliveryAttempt> head = attempts.stream()
        .filter(a -> a.deliveryId().equals(tasks.get(0).id())).toList();
    assertThat(head).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3);
    assertThat(head).extracting(DeliveryAttempt::outcome).containsExactly(
        AttemptOutcome.RETRY_SCHEDULED, AttemptOutcome.RETRY_SCHEDULED, AttemptOutcome.DELIVERED);
    // In place: the same attempt numbers the request carried, and no retry tier involved.
    assertThat(Duration.between(head.get(0).at(), head.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void anExhaustedHeadIsDeadLetteredAndTheNextGoesOnInOrder() {
    String path = "/skip";
    receiver.script(path, status(500), status(500), status(500));
    Subscription sub = fifo(path, b -> b.onExhausted(OnExhausted.SKIP));
    List<DeliveryTask> tasks = tasks(sub, 4);
    publish(tasks, 1);

    awaitRequests(path, 6);
    assertThat(sequences(path)).containsExactly(1L, 1L, 1L, 2L, 3L, 4L);
    DeadLetter dead = records(Topics.DLQ, sub, 1, DeadLetter.class).get(0);
    assertThat(dead.task().id()).isEqualTo(tasks.get(0).id());
    assertThat(dead.reason()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
  }

  @Test
  void aHaltingEndpointAsksItsOwnerToHaltAndWaitsUntilResumed() {
    String path = "/halt";
    receiver.script(path, status(500), status(500), status(500));
    Subscription sub = fifo(path, b -> b.onExhausted(OnExhausted.HALT));
    writeSubscription(sub);
    List<DeliveryTask> tasks = tasks(sub, 3);
    publish(tasks, 2);

    awaitRequests(path, 3);
    List<DeliveryAttempt> attempts = records(Topics.ATTEMPTS, sub, 3, DeliveryAttempt.class);
    assertThat(attempts.get(2).outcome()).isEqualTo(AttemptOutcome.HALTED);
    CatalogCommand halt = TopicReader.await(rig.kafka().bootstrapServers(), Topics.COMMANDS,
        r -> r.key().equals(sub.topicKey()), 1, WAIT).stream()
        .map(r -> Json.fromBytes(r.value(), CatalogCommand.class)).findFirst().orElseThrow();
    assertThat(halt.kind()).isEqualTo(CatalogCommand.Kind.HALT_SUBSCRIPTION);
    assertThat(halt.payload().path("reason").asText()).contains("HTTP 500");

    // The owner applies it; nothing is sent while halted, however long.
    Subscription halted = sub.halted("halted", clock.instant()).toBuilder().version(2).build();
    writeSubscription(halted);
    Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> receiver.requests(path).size() == 3);

    writeSubscription(halted.toBuilder().haltedAt(null).haltedReason(null).version(3)
        .updatedAt(clock.instant()).build());
    awaitRequests(path, 6);
    assertThat(sequences(path)).containsExactly(1L, 1L, 1L, 1L, 2L, 3L);
  }

  @Test
  void aDisabledFifoEndpointKeepsItsBacklogInOrderForWhenItIsEnabledAgain() {
    String path = "/disabled";
    Subscription sub = fifo(path, b -> b);
    Subscription off = sub.disabled("disabled after repeated failures", clock.instant())
        .toBuilder().version(2).build();
    writeSubscription(off);
    List<DeliveryTask> tasks = tasks(sub, 4);
    publish(tasks, 1);

    // Nothing is sent, nothing dead-lettered: the deliveries wait in its backlog.
    Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> receiver.requests(path).isEmpty());

    writeSubscription(off.toBuilder().enabled(true).version(3).updatedAt(clock.instant())
        .build());
    awaitRequests(path, 4);
    assertThat(sequences(path)).containsExactly(1L, 2L, 3L, 4L);
    // Held, not parked: no attempt was recorded as disabled (nor dead-lettered) meanwhile.
    assertThat(records(Topics.ATTEMPTS, sub, 4, DeliveryAttempt.class))
        .extracting(DeliveryAttempt::outcome).containsOnly(AttemptOutcome.DELIVERED);
  }

  @Test
  void aBacklogGoesOutInBatchesOfJsonArraysSignedOnce() throws Exception {
    String path = "/batch";
    receiver.script(path, status(500));
    String secret = WebhookSecrets.generate();
    Subscription sub = fifo(path, b -> b.batch(new BatchPolicy(5))
        .secrets(List.of(new SigningSecret(secret, clock.instant(), null))));
    List<DeliveryTask> tasks = tasks(sub, 12);
    publish(tasks, 0);

    // The first request fails; while it waits, the backlog builds and drains 5 at a time.
    Awaitility.await().atMost(WAIT).until(() -> delivered(path) == 12);
    List<RecordedRequest> requests = receiver.requests(path);
    List<String> ids = new ArrayList<>();
    for (RecordedRequest r : requests.subList(1, requests.size())) {
      byte[] body = r.getBody().readByteArray();
      JsonNode array = Json.mapper().readTree(body);
      assertThat(array.isArray()).isTrue();
      array.forEach(e -> ids.add(e.path("id").asText()));
      String batch = r.getHeader("webhook-batch");
      assertThat(batch).isEqualTo("count=" + array.size() + ";first="
          + r.getHeader("webhook-sequence") + ";last="
          + (Long.parseLong(r.getHeader("webhook-sequence")) + array.size() - 1));
      assertThat(r.getHeader("webhook-id")).isEqualTo(array.get(0).path("id").asText());
      WebhookVerifier.of(secret).verify(Map.of(
          "webhook-id", r.getHeader("webhook-id"),
          "webhook-timestamp", r.getHeader("webhook-timestamp"),
          "webhook-signature", r.getHeader("webhook-signature")), body);
    }
    assertThat(ids).isEqualTo(tasks.stream().map(t -> t.eventId().value()).toList());
    assertThat(requests.size()).isBetween(4, 13);
    assertThat(requests.stream().skip(1)
        .mapToInt(r -> Integer.parseInt(r.getHeader("webhook-batch").split(";")[0]
            .substring("count=".length()))).max().orElse(0)).isEqualTo(5);
  }

  @Test
  void backlogsLargerThanMemoryStayInOrderAndOtherEndpointsOfThePartitionGoOn() {
    String blocked = "/blocked";
    String second = "/second";
    String plain = "/plain";
    receiver.script(blocked, status(500), status(500));
    receiver.script(second, status(500));
    Subscription a = fifo(blocked, b -> b.retrySchedule(RetrySchedule.parse("2s,2s,2s")));
    Subscription b = fifo(second, x -> x);
    Subscription c = DispatcherServiceTest.subscriptionAt(receiver.url(plain));
    int n = 450; // more than a lane keeps: read again as it drains
    List<DeliveryTask> as = tasks(a, n);
    List<DeliveryTask> bs = tasks(b, 300);
    List<DeliveryTask> cs = tasks(c, 300);
    List<DeliveryTask> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(as.get(i));
      if (i < 300) {
        all.add(bs.get(i));
        all.add(cs.get(i));
      }
    }
    publish(all, 2);

    // The plain endpoint gets everything while the blocked head is still waiting on its retries.
    Awaitility.await().atMost(WAIT).until(() -> receiver.requests(plain).size() == 300);
    assertThat(receiver.requests(blocked)).hasSizeLessThanOrEqualTo(2);
    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
        receiver.requests(blocked).size() == n + 2 && receiver.requests(second).size() == 301);
    List<Long> expected = new ArrayList<>(List.of(1L, 1L));
    LongStreamOf.range(1, n).forEach(expected::add);
    assertThat(sequences(blocked)).isEqualTo(expected);
    List<Long> expectedSecond = new ArrayList<>(List.of(1L));
    LongStreamOf.range(1, 300).forEach(expectedSecond::add);
    assertThat(sequences(second)).isEqualTo(expectedSecond);
  }

  @Test
  void manyLanesDrainingInBatchesThroughOnePartitionLoseNothingAndKeepOrder() {
    // Every lane reads again each time it drains a batch: read-agains of several lanes overlap.
    int lanes = 4;
    int n = 1_200; // each lane reads its partition again about every 100 deliveries
    List<Subscription> subs = new ArrayList<>();
    List<List<DeliveryTask>> each = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      subs.add(fifo("/drain" + i, b -> b.batch(new BatchPolicy(100))));
      each.add(tasks(subs.get(i), n));
    }
    List<DeliveryTask> all = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      for (List<DeliveryTask> e : each) {
        all.add(e.get(k));
      }
    }
    publish(all, 1);

    // Each lane's last event arrives last: then every lane is compared whole.
    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> IntStream.range(0, lanes)
        .allMatch(i -> events("/drain" + i).contains(each.get(i).get(n - 1).eventId().value())));
    for (int i = 0; i < lanes; i++) {
      assertThat(events("/drain" + i)).as("lane %d", i)
          .isEqualTo(each.get(i).stream().map(t -> t.eventId().value()).toList());
    }
  }

  /** The event ids a path received, in order, batches unpacked. */
  static List<String> events(String path) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : receiver.requests(path)) {
      JsonNode body;
      try {
        body = Json.mapper().readTree(r.getBody().clone().readByteArray());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (body.isArray()) {
        body.forEach(e -> out.add(e.path("id").asText()));
      } else {
        out.add(body.path("id").asText());
      }
    }
    return out;
  }

  /** 1..n as a list. */
  private static final class LongStreamOf {
    static List<Long> range(long from, long to) {
      return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
  }

  static Subscription fifo(String path, UnaryOperator<Subscription.Builder> more) {
    Instant now = clock.instant();
    return more.apply(Subscription.builder(SubscriptionId.of("sub_f" + ids.incrementAndGet()),
        ACME, receiver.url(path))
        .events(List.of("*"))
        .secrets(List.of(new SigningSecret(WebhookSecrets.generate(), now, null)))
        .ordering(Ordering.FIFO)
        .createdAt(now).updatedAt(now).version(1)).build();
  }

  static List<DeliveryTask> tasks(Subscription sub, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> {
      Event event = Event.create(EventId.of("evt_f" + ids.incrementAndGet()), ACME,
          "order.created", clock.instant(),
          Json.raw(Json.mapper().createObjectNode().put("n", i)), null);
      return DeliveryTask.first(event, sub, RawJson.ofTrustedBytes(
          Json.toBytes(WebhookBody.of(event)))).withSequence(i);
    }).toList();
  }

  /** Into one partition of the deliveries topic, in this order. */
  static void publish(List<DeliveryTask> tasks, int partition) {
    for (DeliveryTask t : tasks) {
      rig.producer().send(new ProducerRecord<>(Topics.DELIVERIES, partition,
          t.subscriptionId().value(), Json.toBytes(t)));
    }
    rig.producer().flush();
  }

  /** As the catalog's owner would write it. */
  static void writeSubscription(Subscription sub) {
    rig.producer().send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, sub.topicKey(),
        Json.toBytes(sub)));
    rig.producer().flush();
  }

  static void awaitRequests(String path, int n) {
    Awaitility.await().atMost(WAIT).until(() -> receiver.requests(path).size() >= n);
    assertThat(receiver.requests(path)).hasSize(n);
  }

  static List<Long> sequences(String path) {
    return receiver.requests(path).stream()
        .map(r -> Long.parseLong(r.getHeader("webhook-sequence"))).toList();
  }

  /** Events in the requests that succeeded (every request but the scripted failures). */
  static int delivered(String path) {
    return receiver.requests(path).stream().skip(1).mapToInt(r -> {
      String batch = r.getHeader("webhook-batch");
      return batch == null ? 1 : Integer.parseInt(batch.split(";")[0].substring(6));
    }).sum();
  }

  static <T> List<T> records(String topic, Subscription sub, int count, Class<T> type) {
    List<ConsumerRecord<String, byte[]>> found = TopicReader.await(
        rig.kafka().bootstrapServers(), topic, r -> sub.id().value().equals(r.key()), count, WAIT);
    assertThat(found).hasSize(count);
    return found.stream().map(r -> Json.fromBytes(r.value(), type)).toList();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
