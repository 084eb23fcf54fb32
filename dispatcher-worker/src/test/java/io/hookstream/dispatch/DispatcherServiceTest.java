package io.hookstream.dispatch;

import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.DeadLetter;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.retry.RetryTiers;
import io.hookstream.signing.WebhookSecrets;
import io.hookstream.signing.WebhookVerifier;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dispatcher on a real broker, against a scripted receiver. */
class DispatcherServiceTest {
  static final TenantId ACME = TenantId.of("acme");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final AtomicInteger ids = new AtomicInteger();
  static final io.hookstream.signing.SecretBox BOX =
      io.hookstream.signing.SecretBox.fromBase64(DispatcherRig.MASTER_KEY);

  static DispatcherRig rig;
  static KafkaFixture kafka;
  static ScriptedReceiver receiver;
  static KafkaProducer<String, byte[]> producer;
  static Clock clock = Clock.systemUTC();

  @BeforeAll
  static void start() {
    rig = DispatcherRig.start(3, Map.of(
        "HOOKSTREAM_RETRY_SCHEDULE", "1s,2s",
        "HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true",
        "HOOKSTREAM_DISPATCH_COMMIT_INTERVAL", "100ms"), clock);
    kafka = rig.kafka();
    receiver = rig.receiver();
    producer = rig.producer();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void postsTheRouterBodyUnchangedSignedWithEveryActiveSecret() throws Exception {
    String oldSecret = WebhookSecrets.generate();
    String newSecret = WebhookSecrets.generate();
    Subscription sub = subscription("/ok").toBuilder()
        .secrets(List.of(new SigningSecret(newSecret, clock.instant(), null),
            new SigningSecret(oldSecret, clock.instant(), clock.instant().plusSeconds(3600))))
        .headers(Map.of("x-team", "billing")).build();
    DeliveryTask task = task(sub, 0);
    send(task);

    RecordedRequest request = awaitRequest("/ok");
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeader("content-type")).isEqualTo("application/json");
    assertThat(request.getHeader("x-team")).isEqualTo("billing");
    assertThat(request.getHeader("webhook-id")).isEqualTo(task.eventId().value());
    assertThat(Long.parseLong(request.getHeader("webhook-timestamp")))
        .isCloseTo(clock.instant().getEpochSecond(), within(10L));
    byte[] body = request.getBody().readByteArray();
    assertThat(body).isEqualTo(task.payload().bytes());
    assertThat(request.getHeader("webhook-signature").split(" ")).hasSize(2);
    Map<String, String> headers = Map.of(
        "webhook-id", request.getHeader("webhook-id"),
        "webhook-timestamp", request.getHeader("webhook-timestamp"),
        "webhook-signature", request.getHeader("webhook-signature"));
    WebhookVerifier.of(newSecret).verify(headers, body);
    WebhookVerifier.of(oldSecret).verify(headers, body);

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    assertThat(attempt.statusCode()).isEqualTo(200);
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.deliveryId()).isEqualTo(task.id());
  }

  @Test
  void anEd25519WebhookIsSignedV1aAndVerifiesWithThePublicKeyAlone() throws Exception {
    String key = io.hookstream.signing.Ed25519Keys.generate();
    Subscription sub = subscription("/ed25519").toBuilder().signature(SignatureProfile.ED25519)
        .secrets(List.of(new SigningSecret(key, clock.instant(), null))).build();
    DeliveryTask task = task(sub, 0);
    send(task);

    RecordedRequest request = awaitRequest("/ed25519");
    byte[] body = request.getBody().readByteArray();
    assertThat(request.getHeader("webhook-signature")).startsWith("v1a,").doesNotContain(" ");
    new WebhookVerifier(SignatureProfile.ED25519,
        List.of(io.hookstream.signing.Ed25519Keys.publicKey(key)), clock, Duration.ofMinutes(5))
        .verify(Map.of("webhook-id", request.getHeader("webhook-id"),
            "webhook-timestamp", request.getHeader("webhook-timestamp"),
            "webhook-signature", request.getHeader("webhook-signature")), body);
  }

  @Test
  void aServerErrorGoesToTheNextRetryTierWithTheNextAttemptNumber() {
    receiver.script("/500", status(500).setBody("boom"));
    Subscription sub = subscription("/500");
    send(task(sub, 0));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
    assertThat(attempt.statusCode()).isEqualTo(500);
    assertThat(attempt.response()).isEqualTo("boom");
    assertThat(Duration.between(attempt.at(), attempt.nextAttemptAt())).isEqualTo(Duration.ofSeconds(1));
    DeliveryTask retry = records("hookstream.retry.1s", sub, 1, DeliveryTask.class).get(0);
    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(retry.tier()).isEqualTo(1);
    assertThat(retry.eventId()).isEqualTo(attempt.eventId());
  }

  @Test
  void aFailureAfterTheLastTierGoesToTheDlq() {
    receiver.script("/last", status(502));
    Subscription sub = subscription("/last");
    send(task(sub, 2));

    assertThat(attempts(sub, 1).get(0).outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    DeadLetter dead = records(Topics.DLQ, sub, 1, DeadLetter.class).get(0);
    assertThat(dead.reason()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(dead.statusCode()).isEqualTo(502);
    assertThat(dead.task().payload()).isNotNull();

    // The tenant is told, as Hookstream's own event, with an id the router routes once.
    ConsumerRecord<String, byte[]> told = TopicReader.await(kafka.bootstrapServers(),
        Topics.EVENTS, r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
            .contains(sub.id().value()), 1, WAIT).get(0);
    assertThat(told.key()).isEqualTo("acme");
    assertThat(new String(told.headers().lastHeader(Topics.ORIGIN_HEADER).value(),
        java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(Topics.ORIGIN_SYSTEM);
    Event event = Json.fromBytes(told.value(), Event.class);
    assertThat(event.type()).isEqualTo("hookstream.delivery.exhausted");
    assertThat(event.id().value()).isEqualTo("evt_exhausted_" + dead.task().id().value() + "_0");
    assertThat(Json.toString(event.data())).isEqualTo("{\"subscriptionId\":\""
        + sub.id().value() + "\",\"deliveryId\":\"" + dead.task().id().value()
        + "\",\"eventId\":\"" + dead.task().eventId().value() + "\",\"eventType\":"
        + "\"order.created\",\"reason\":\"dead_lettered\",\"attempts\":3,"
        + "\"lastStatus\":502,\"lastError\":null,\"at\":\"" + dead.at() + "\"}");
  }

  @Test
  void goneAsksTheOwnerToDisableThisVersionAndParksTheDelivery() {
    receiver.script("/gone", status(410));
    Subscription sub = subscription("/gone").toBuilder().version(4).build();
    send(task(sub, 0));

    assertThat(attempts(sub, 1).get(0).outcome()).isEqualTo(AttemptOutcome.GONE);
    assertThat(records(Topics.DLQ, sub, 1, DeadLetter.class).get(0).reason())
        .isEqualTo(AttemptOutcome.GONE);
    // The dispatcher writes no subscription: it sends a command, for this version only.
    CatalogCommand command = TopicReader.await(kafka.bootstrapServers(), Topics.COMMANDS,
        r -> r.key().equals(sub.topicKey()), 1, WAIT).stream()
        .map(r -> Json.fromBytes(r.value(), CatalogCommand.class)).findFirst().orElseThrow();
    assertThat(command.kind()).isEqualTo(CatalogCommand.Kind.DISABLE_SUBSCRIPTION);
    assertThat(command.ifVersion()).isEqualTo(4L);
    assertThat(command.payload().get("reason").asText()).contains("410");
  }

  @Test
  void noAnswerWithinTheSubscriptionTimeoutIsRetried() {
    receiver.script("/slow", status(200).setHeadersDelay(4, TimeUnit.SECONDS));
    Subscription sub = subscription("/slow").toBuilder().timeoutMs(1000).build();
    send(task(sub, 0));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
    assertThat(attempt.statusCode()).isNull();
    assertThat(attempt.error()).startsWith("timeout");
    assertThat(attempt.durationMs()).isBetween(900L, 3_000L);
  }

  @Test
  void retryAfterOn429LengthensTheWaitWithoutUsingUpSteps() {
    receiver.script("/429", status(429).setHeader("Retry-After", "7"));
    Subscription sub = subscription("/429");
    send(task(sub, 0));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
    assertThat(Duration.between(attempt.at(), attempt.nextAttemptAt()))
        .isEqualTo(Duration.ofSeconds(7));
    // 7 s: into the 5 s tier, due 7 s after the attempt; one step used, as for any failure
    ConsumerRecord<String, byte[]> hop = raw("hookstream.retry.5s", sub, 1).get(0);
    assertThat(dueAt(hop) - hop.timestamp()).isEqualTo(7_000L);
    assertThat(Json.fromBytes(hop.value(), DeliveryTask.class).tier()).isEqualTo(1);
  }

  @Test
  void redirectsAreFailuresNotFollowed() {
    receiver.script("/moved", status(302).setHeader("Location", receiver.url("/elsewhere")));
    Subscription sub = subscription("/moved");
    send(task(sub, 0));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.statusCode()).isEqualTo(302);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
    assertThat(receiver.requests("/elsewhere")).isEmpty();
  }

  @Test
  void aDisabledSubscriptionIsNotCalledAndItsDeliveryIsParked() {
    Subscription sub = subscription("/disabled").disabled("turned off by the tenant", clock.instant());
    send(task(sub, 0));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DISABLED);
    assertThat(attempt.error()).contains("turned off by the tenant");
    assertThat(records(Topics.DLQ, sub, 1, DeadLetter.class).get(0).reason())
        .isEqualTo(AttemptOutcome.DISABLED);
    assertThat(receiver.requests("/disabled")).isEmpty();
  }

  @Test
  void aSubscriptionGoneFromTheTopicIsSkipped() {
    Instant longAgo = clock.instant().minus(Duration.ofMinutes(10));
    Subscription sub = subscription("/deleted").toBuilder().createdAt(longAgo).updatedAt(longAgo)
        .build();
    send(task(sub, 0));

    assertThat(attempts(sub, 1).get(0).outcome()).isEqualTo(AttemptOutcome.SKIPPED);
    assertThat(receiver.requests("/deleted")).isEmpty();
  }

  /**
   * A change acknowledged before a delivery's attempt holds for it, however far behind the
   * dispatcher's view is (here: busy with 20,000 other changes committed with it): the dispatcher reads
   * its view through a read barrier before each attempt, so a new URL (or a delete, or a
   * disable) answered to the API is never beaten by a stale view.
   */
  @Test
  void aChangeAcknowledgedBeforeTheAttemptHoldsForIt() throws Exception {
    Subscription before = subscription("/before");
    Subscription after = before.toBuilder().url(receiver.url("/after"))
        .updatedAt(before.updatedAt().plusMillis(1)).version(2).build();
    // One transaction, as the router writes: the view sees all of it at once, on commit.
    try (KafkaProducer<String, byte[]> owner = new KafkaProducer<>(rig.settings().client(Map.of(
        "transactional.id", "test-owner")), new org.apache.kafka.common.serialization
        .StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      owner.initTransactions();
      owner.beginTransaction();
      for (int i = 0; i < 20_000; i++) {
        Subscription other = subscription("/other");
        owner.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, other.topicKey(),
            Json.toBytes(other)));
      }
      java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> written =
          owner.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, after.topicKey(),
              Json.toBytes(after)));
      owner.commitTransaction();
      // Committed means the decision is logged; its markers reach the partitions just after.
      // The API answers a change only once they have: wait for the same here.
      org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(
          Topics.SUBSCRIPTIONS, written.get().partition());
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin
          .create(rig.settings().client(Map.of()))) {
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
            .atMost(WAIT).until(() -> admin.listOffsets(
            Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
            new org.apache.kafka.clients.admin.ListOffsetsOptions(
                org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).partitionResult(tp)
            .get().offset() > written.get().offset());
      }
    }
    send(task(before, 0));
    assertThat(attempts(before, 1).get(0).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    assertThat(receiver.requests("/after")).hasSize(1);
    assertThat(receiver.requests("/before")).as("sent to the URL it had before").isEmpty();
  }

  @Test
  void aHangingEndpointDoesNotHoldUpOthersInTheSamePartition() throws Exception {
    receiver.otherwise("/hang", r -> status(200).setHeadersDelay(4, TimeUnit.SECONDS));
    Subscription hanging = subscription("/hang").toBuilder().maxInFlight(2).timeoutMs(5000).build();
    Subscription healthy = subscription("/healthy");
    for (int i = 0; i < 5; i++) {
      send(task(hanging, 0), 0);
    }
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      send(task(healthy, 0), 0);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> receiver.requests("/healthy").size() >= 5);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(receiver.requests("/healthy")).hasSize(5);
    assertThat(tookMs).as("healthy deliveries wait for the hanging ones").isLessThan(2_000);
    assertThat(receiver.requests("/hang")).as("the hanging endpoint's cap").hasSize(2);
  }

  @Test
  void aFailingEndpointIsLimitedNotStoppedEveryDeliveryGetsItsAttempt() {
    receiver.otherwise("/broken", r -> status(500));
    Subscription sub = subscription("/broken").toBuilder().maxInFlight(4).build();
    for (int i = 0; i < 12; i++) {
      send(task(sub, 0));
    }
    // nothing is put off: each delivery is attempted and scheduled for its retry
    List<DeliveryAttempt> attempts = attempts(sub, 12);
    assertThat(attempts).extracting(DeliveryAttempt::outcome)
        .containsOnly(AttemptOutcome.RETRY_SCHEDULED);
    assertThat(attempts).extracting(DeliveryAttempt::attempt).containsOnly(1);
    assertThat(receiver.requests("/broken")).hasSize(12);
    assertThat(raw("hookstream.retry.1s", sub, 12)).extracting(r -> Json.fromBytes(r.value(),
        DeliveryTask.class)).allMatch(t -> t.attempt() == 2 && t.deadlineAt() != null);
  }

  @Test
  void aDeliveryStillWaitingPastItsDeadlineIsDeadLetteredUnsent() {
    Subscription sub = subscription("/late");
    send(task(sub, 1).withDeadline(clock.instant().minusSeconds(1)));

    DeliveryAttempt attempt = attempts(sub, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
    assertThat(attempt.statusCode()).isNull();
    assertThat(attempt.error()).startsWith("not sent: the endpoint was limited to 100 request(s)"
        + " at a time and the delivery waited past its retry schedule");
    assertThat(records(Topics.DLQ, sub, 1, DeadLetter.class).get(0).error())
        .isEqualTo(attempt.error());
    assertThat(receiver.requests("/late")).isEmpty();
  }


  @Test
  void aRateLimitSpacesTheEndpointsRequests() throws Exception {
    Subscription sub = subscription("/limited").toBuilder().rateLimitPerSecond(4).build();
    for (int i = 0; i < 8; i++) {
      send(task(sub, 0));
    }
    attempts(sub, 8);
    List<RecordedRequest> got = receiver.requests("/limited");
    assertThat(got).hasSize(8);
    assertThat(attempts(sub, 8)).extracting(DeliveryAttempt::outcome)
        .containsOnly(AttemptOutcome.DELIVERED);
    Instant first = attempts(sub, 8).stream().map(DeliveryAttempt::at).min(Instant::compareTo).orElseThrow();
    Instant last = attempts(sub, 8).stream().map(DeliveryAttempt::at).max(Instant::compareTo).orElseThrow();
    // 4 at once (the burst), then 4 more over the next second
    assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }

  @Test
  void aLegacyProfileSignsWithTheOpenedSecretAsItsSeedDescribes() throws Exception {
    Subscription plain = subscription("/dastra");
    Subscription sub = plain.toBuilder()
        .signature(new SignatureProfile(SignatureProfile.Scheme.HMAC_SHA256_BASE64,
            "Dastra-Signature", null))
        .secrets(List.of(new SigningSecret(BOX.seal("validation key", plain.topicKey()),
            clock.instant(), null)))
        .build();
    DeliveryTask task = task(sub, 0);
    send(task);

    RecordedRequest request = awaitRequest("/dastra");
    byte[] body = request.getBody().readByteArray();
    // Dastra's C#: Convert.ToBase64String(new HMACSHA256(UTF8(key)).ComputeHash(UTF8(payload)))
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(
        "validation key".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(request.getHeader("Dastra-Signature"))
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(mac.doFinal(body)));
    assertThat(request.getHeader("webhook-id")).isEqualTo(task.eventId().value());
    assertThat(request.getHeader("webhook-signature")).isNull();
  }

  @Test
  void aProfileWithoutSecretSendsNoSignature() throws Exception {
    Subscription sub = subscription("/unsigned").toBuilder().secrets(List.of())
        .signature(new SignatureProfile(SignatureProfile.Scheme.HMAC_SHA256_HEX,
            "X-Propstack-Signature", null)).build();
    send(task(sub, 0));
    RecordedRequest request = awaitRequest("/unsigned");
    assertThat(request.getHeader("X-Propstack-Signature")).isNull();
    assertThat(request.getHeader("webhook-signature")).isNull();
    assertThat(request.getHeader("webhook-id")).isNotNull();
  }

  @Test
  void tlsIsVerifiedUnlessTheSubscriptionTurnsItOff() throws Exception {
    okhttp3.tls.HeldCertificate selfSigned = new okhttp3.tls.HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost").build();
    okhttp3.tls.HandshakeCertificates server = new okhttp3.tls.HandshakeCertificates.Builder()
        .heldCertificate(selfSigned).build();
    try (okhttp3.mockwebserver.MockWebServer https = new okhttp3.mockwebserver.MockWebServer()) {
      https.useHttps(server.sslSocketFactory(), false);
      https.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          return status(200);
        }
      });
      https.start();
      Subscription verified = subscription("/x").toBuilder().url(https.url("/verified").toString())
          .build();
      Subscription unverified = subscription("/x").toBuilder().url(https.url("/unverified").toString())
          .sslVerification(false).build();
      send(task(verified, 0));
      send(task(unverified, 0));
      DeliveryAttempt refused = attempts(verified, 1).get(0);
      assertThat(refused.outcome()).isEqualTo(AttemptOutcome.RETRY_SCHEDULED);
      assertThat(refused.error()).startsWith("TLS error");
      assertThat(attempts(unverified, 1).get(0).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    }
  }

  static Subscription subscription(String path) {
    return subscriptionAt(receiver.url(path));
  }

  /** A subscription to any URL, for tests with their own receiver. */
  static Subscription subscriptionAt(String url) {
    Instant now = clock.instant();
    return Subscription.builder(SubscriptionId.of("sub_t" + ids.incrementAndGet()), ACME, url)
        .events(List.of("*"))
        .secrets(List.of(new SigningSecret(WebhookSecrets.generate(), now, null)))
        .createdAt(now).updatedAt(now).build();
  }

  static DeliveryTask task(Subscription sub, int tier) {
    Event event = Event.create(EventId.of("evt_d" + ids.incrementAndGet()), ACME, "order.created",
        clock.instant(), Json.raw(Json.mapper().createObjectNode().put("total", 12.5)), null);
    DeliveryTask first = DeliveryTask.first(event, sub,
        RawJson.ofTrustedBytes(Json.toBytes(WebhookBody.of(event))));
    return new DeliveryTask(first.v(), first.id(), first.tenant(), first.subscriptionId(),
        first.eventId(), first.eventType(), first.eventTime(), first.payload(), tier + 1, tier, sub,
        null, null, null, null, null);
  }

  static void send(DeliveryTask task) {
    send(task, null);
  }

  static void send(DeliveryTask task, Integer partition) {
    producer.send(new ProducerRecord<>(Topics.DELIVERIES, partition, task.subscriptionId().value(),
        Json.toBytes(task)));
    producer.flush();
  }

  static RecordedRequest awaitRequest(String path) throws InterruptedException {
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
        .until(() -> !receiver.requests(path).isEmpty());
    assertThat(receiver.requests(path)).hasSize(1);
    return receiver.requests(path).get(0);
  }

  static List<DeliveryAttempt> attempts(Subscription sub, int count) {
    return records(Topics.ATTEMPTS, sub, count, DeliveryAttempt.class);
  }

  static List<ConsumerRecord<String, byte[]>> raw(String topic, Subscription sub, int count) {
    List<ConsumerRecord<String, byte[]>> found = TopicReader.await(kafka.bootstrapServers(), topic,
        r -> sub.id().value().equals(r.key()), count, WAIT);
    assertThat(found).hasSize(count);
    return found;
  }

  static long dueAt(ConsumerRecord<String, byte[]> record) {
    return Long.parseLong(new String(record.headers().lastHeader(RetryTiers.DUE_AT_HEADER).value(),
        java.nio.charset.StandardCharsets.US_ASCII));
  }

  static <T> List<T> records(String topic, Subscription sub, int count, Class<T> type) {
    List<ConsumerRecord<String, byte[]>> found = TopicReader.await(kafka.bootstrapServers(), topic,
        r -> sub.id().value().equals(r.key()), count, WAIT);
    assertThat(found).hasSize(count);
    return found.stream().map(r -> Json.fromBytes(r.value(), type)).toList();
  }

  static MockResponse ok() {
    return status(200);
  }
}
