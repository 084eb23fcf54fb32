package io.hookstream.dispatch;

import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeadLetter;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscription's own delivery policy and template, as the dispatcher applies them: templates
 * render once per delivery, a failing one is dead-lettered with its reason, success statuses,
 * no-retry schedules. The retry scheduler is not running here: a retry is played by hand by
 * moving the tier record to the deliveries topic.
 */
class PolicyDispatchTest {
  static final TenantId ACME = TenantId.of("acme");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final AtomicInteger ids = new AtomicInteger();
  static final Clock clock = Clock.systemUTC();
  static DispatcherRig rig;
  static ScriptedReceiver receiver;

  @BeforeAll
  static void start() {
    rig = DispatcherRig.start(2, Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s,1s",
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true",
        "HOOKSTREAM_DISPATCH_COMMIT_INTERVAL", "100ms"), clock);
    receiver = rig.receiver();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void aTemplateRendersTheBodyOnceAndEveryRetrySendsTheSameBytes() {
    receiver.script("/tpl", status(500), status(200));
    // $millis() differs between two runs: the same bytes twice prove one rendering
    Subscription sub = subscription("/tpl").toBuilder()
        .template("{\"id\": event.id, \"kind\": event.type, \"payload\": event.data,"
            + " \"renderedAt\": $millis(), \"who\": event.metadata.userId}")
        .build();
    DeliveryTask task = task(sub, "{\"userId\":\"u-7\"}");
    send(task);

    DeliveryAttempt first = attempts(sub, 1).get(0);
    assertThat(first.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
    assertThat(first.body()).as("the attempt that rendered keeps the body").isNotNull();
    ConsumerRecord<String, byte[]> retry = TopicReader.await(rig.kafka().bootstrapServers(),
        "hookstream.retry.1s", r -> sub.id().value().equals(r.key()), 1, WAIT).get(0);
    DeliveryTask next = Json.fromBytes(retry.value(), DeliveryTask.class);
    assertThat(next.hasRenderedBody()).isTrue();
    assertThat(next.payload()).isEqualTo(first.body());
    send(next);

    Awaitility.await().atMost(WAIT).until(() -> receiver.requests("/tpl").size() == 2);
    List<RecordedRequest> got = receiver.requests("/tpl");
    String body1 = got.get(0).getBody().readUtf8();
    String body2 = got.get(1).getBody().readUtf8();
    assertThat(body2).isEqualTo(body1);
    assertThat(body1).startsWith("{\"id\":\"" + task.eventId().value()
        + "\",\"kind\":\"order.created\",\"payload\":{\"total\":12.5},\"renderedAt\":")
        .endsWith(",\"who\":\"u-7\"}");
    assertThat(got.get(1).getHeader("webhook-id")).isEqualTo(task.eventId().value());
    DeliveryAttempt second = attempts(sub, 2).get(1);
    assertThat(second.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    assertThat(second.body()).as("rendered before: not repeated").isNull();
  }

  @Test
  void aTemplateThatFailsAtRunTimeIsRecordedAndDeadLetteredNotRetried() {
    Subscription sub = subscription("/tplfail").toBuilder()
        .template("$error(\"no order number\")").build();
    send(task(sub, null));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(attempt.statusCode()).isNull();
    assertThat(attempt.error()).isEqualTo("template failed: no order number");
    DeadLetter parked = dlq(sub).get(0);
    assertThat(parked.reason()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(parked.error()).isEqualTo("template failed: no order number");
    assertThat(receiver.requests("/tplfail")).isEmpty();
  }

  @Test
  void aRunawayTemplateIsStoppedByTheBoundsAndDeadLettered() {
    Subscription sub = subscription("/runaway").toBuilder()
        .template("( $loop := function($n) { $loop($n + 1) + 1 }; {\"n\": $loop(0)} )").build();
    send(task(sub, null));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(attempt.error()).startsWith("template failed: ");
    assertThat(receiver.requests("/runaway")).isEmpty();
  }

  @Test
  void successStatusesOf200MakeA201AFailure() {
    receiver.script("/only200", status(201));
    Subscription sub = subscription("/only200").toBuilder().successStatuses(List.of(200)).build();
    send(task(sub, null));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.statusCode()).isEqualTo(201);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
  }

  @Test
  void anEmptyRetryScheduleMakesOneAttemptThenTheDlq() {
    receiver.script("/once", status(500));
    Subscription sub = subscription("/once").toBuilder().retrySchedule(RetrySchedule.NONE)
        .build();
    send(task(sub, null));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(dlq(sub)).hasSize(1);
    assertThat(receiver.requests("/once")).hasSize(1);
  }

  @Test
  void aSubscriptionScheduleDecidesTheWait() {
    receiver.script("/ownschedule", status(503));
    Subscription sub = subscription("/ownschedule").toBuilder()
        .retrySchedule(RetrySchedule.parse("90s,1d")).autoDisable(
            new io.hookstream.model.AutoDisablePolicy(null, null, 5)).build();
    send(task(sub, null));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(Duration.between(attempt.at(), attempt.nextAttemptAt()))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(attempt.autoDisable().consecutiveFailedAttempts()).isEqualTo(5);
    ConsumerRecord<String, byte[]> hop = TopicReader.await(rig.kafka().bootstrapServers(),
        "hookstream.retry.1m", r -> sub.id().value().equals(r.key()), 1, WAIT).get(0);
    assertThat(DispatcherServiceTest.dueAt(hop) - hop.timestamp()).isEqualTo(90_000L);
  }

  static Subscription subscription(String path) {
    Instant now = clock.instant();
    return Subscription.builder(SubscriptionId.of("sub_p" + ids.incrementAndGet()), ACME,
            receiver.url(path))
        .events(List.of("*")).createdAt(now).updatedAt(now).build();
  }

  static DeliveryTask task(Subscription sub, String metadata) {
    Event event = Event.create(EventId.of("evt_p" + ids.incrementAndGet()), ACME, "order.created",
        clock.instant(), RawJson.ofTrustedBytes("{\"total\":12.5}".getBytes(StandardCharsets.UTF_8)),
        null, metadata == null ? null
            : RawJson.ofTrustedBytes(metadata.getBytes(StandardCharsets.UTF_8)));
    return DeliveryTask.first(event, sub, Json.raw(WebhookBody.of(event)));
  }

  static void send(DeliveryTask task) {
    rig.producer().send(new ProducerRecord<>(Topics.DELIVERIES, task.subscriptionId().value(),
        Json.toBytes(task)));
    rig.producer().flush();
  }

  static List<DeliveryAttempt> attempts(Subscription sub, int count) {
    return TopicReader.await(rig.kafka().bootstrapServers(), Topics.ATTEMPTS,
            r -> sub.id().value().equals(r.key()), count, WAIT).stream()
        .map(r -> Json.fromBytes(r.value(), DeliveryAttempt.class)).toList();
  }

  static List<DeadLetter> dlq(Subscription sub) {
    return TopicReader.await(rig.kafka().bootstrapServers(), Topics.DLQ,
            r -> sub.id().value().equals(r.key()), 1, WAIT).stream()
        .map(r -> Json.fromBytes(r.value(), DeadLetter.class)).toList();
  }
}
