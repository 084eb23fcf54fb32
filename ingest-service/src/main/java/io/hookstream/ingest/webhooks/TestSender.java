package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.api.TooManyRequests;
import io.hookstream.json.CanonicalJson;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.Tenant;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.Outbound;
import io.hookstream.outbound.Sent;
import io.hookstream.outbound.Verdict;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.service.KafkaSettings;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a test event right away through the one send path (same template, signing, SSRF guard,
 * timeout and success rules as a delivery), answers what came back, and records the attempt in
 * the webhook's delivery log marked as a test. Nothing is queued or retried. A test send never
 * holds an API thread (the request runs on the API's own HTTP client and completes the answer
 * asynchronously), and each caller has at most {@value #PER_CALLER} in flight, everyone together
 * {@value #TOTAL}: health checks and publishing never wait behind them.
 */
public final class TestSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestSender.class);
  /** Test sends one caller (a tenant, or the admin) may have in flight at once. */
  static final int PER_CALLER = 5;
  /** Test sends in flight at once in all. */
  static final int TOTAL = 64;

  private final Map<String, Semaphore> perCaller = new ConcurrentHashMap<>();
  private final Semaphore all = new Semaphore(TOTAL);

  private final Outbound outbound;
  private final Function<Subscription, Tenant> tenants;
  private final RetrySchedule deployment;
  private final KafkaProducer<String, byte[]> producer;
  private final Clock clock;

  /** What the test attempt got. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String eventId, boolean delivered, Integer statusCode, long durationMs,
      String response, String error) {}

  public TestSender(Outbound outbound, Function<Subscription, Tenant> tenants,
      RetrySchedule deployment, KafkaSettings kafka, Clock clock) {
    this.outbound = outbound;
    this.tenants = tenants;
    this.deployment = deployment;
    this.producer = new KafkaProducer<>(kafka.client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-test-sends",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0)),
        new StringSerializer(), new ByteArraySerializer());
    this.clock = clock;
  }

  /**
   * Sends a test event of {@code type} with {@code data} to {@code sub}, without holding the
   * caller's thread: the answer completes when the attempt does (within the webhook's timeout).
   *
   * @param caller who asks (a tenant, or the admin), for the per-caller limit
   * @param record whether to keep the attempt in the webhook's log (a registered webhook)
   * @throws TooManyRequests when the caller, or everyone, has too many test sends in flight
   */
  public CompletableFuture<Result> send(String caller, Subscription sub, String type,
      JsonNode data, boolean record) {
    Semaphore mine = perCaller.computeIfAbsent(caller, c -> new Semaphore(PER_CALLER));
    if (!mine.tryAcquire()) {
      throw new TooManyRequests(PER_CALLER + " test sends are already in flight for this"
          + " caller; retry shortly", 1);
    }
    if (!all.tryAcquire()) {
      mine.release();
      throw new TooManyRequests(TOTAL + " test sends are already in flight; retry shortly", 1);
    }
    Instant now = clock.instant();
    EventId id = EventId.of("evt_test_" + EventId.generate(clock).value().substring(4));
    Event event = Event.create(id, sub.tenant(), type, now,
        RawJson.ofTrustedBytes(CanonicalJson.toBytes(data)), null);
    DeliveryTask task = SampleEvents.task(event, sub);
    DeliveryPolicy policy = DeliveryPolicy.of(sub, tenants.apply(sub), deployment);
    CompletableFuture<Sent> attempt;
    try {
      attempt = outbound.attempt(task, sub, policy);
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    return attempt
        .orTimeout(policy.timeoutMs() + 5_000L, TimeUnit.MILLISECONDS)
        .exceptionally(e -> new Sent(null, HttpOutcome.failure("no result: " + e.getMessage(), 0),
            new Verdict.Retry(null)))
        .thenCompose(sent -> {
          HttpOutcome outcome = sent.outcome();
          boolean ok = sent.verdict() instanceof Verdict.Delivered;
          Result result = new Result(id.value(), ok, outcome.status(), outcome.durationMs(),
              outcome.response(), outcome.error());
          if (!record) {
            return CompletableFuture.completedFuture(result);
          }
          return record(DeliveryAttempt.of(task, now, outcome.durationMs(), outcome.status(),
              outcome.error(), outcome.response(),
              ok ? AttemptOutcome.DELIVERED : AttemptOutcome.FAILED, null)
              .with(sent.rendered(), sub).asTest()).thenApply(v -> result);
        })
        .whenComplete((r, e) -> {
          all.release();
          mine.release();
        });
  }

  /** Into the delivery log, like the dispatcher's attempts; a failure to record is logged. */
  private CompletableFuture<Void> record(DeliveryAttempt attempt) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(Topics.ATTEMPTS, null, attempt.at().toEpochMilli(),
        attempt.subscriptionId().value(), Json.toBytes(attempt)), (meta, error) -> {
          if (error != null) {
            log.warn("could not record the test send to {}: {}", attempt.subscriptionId(),
                error.getMessage());
          }
          done.complete(null);
        });
    return done;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
