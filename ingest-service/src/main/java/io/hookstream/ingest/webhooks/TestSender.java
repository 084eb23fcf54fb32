package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * the webhook's delivery log marked as a test. Nothing is queued or retried.
 */
public final class TestSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestSender.class);

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
   * Sends a test event of {@code type} with {@code data} to {@code sub}.
   *
   * @param record whether to keep the attempt in the webhook's log (a registered webhook)
   */
  public Result send(Subscription sub, String type, JsonNode data, boolean record) {
    Instant now = clock.instant();
    EventId id = EventId.of("evt_test_" + EventId.generate(clock).value().substring(4));
    Event event = Event.create(id, sub.tenant(), type, now,
        RawJson.ofTrustedBytes(CanonicalJson.toBytes(data)), null);
    DeliveryTask task = SampleEvents.task(event, sub);
    DeliveryPolicy policy = DeliveryPolicy.of(sub, tenants.apply(sub), deployment);
    Sent sent = await(outbound.attempt(task, sub, policy), policy);
    HttpOutcome outcome = sent.outcome();
    boolean ok = sent.verdict() instanceof Verdict.Delivered;
    if (record) {
      record(DeliveryAttempt.of(task, now, outcome.durationMs(), outcome.status(),
          outcome.error(), outcome.response(), ok ? AttemptOutcome.DELIVERED : AttemptOutcome.FAILED,
          null).with(sent.rendered(), sub).asTest());
    }
    return new Result(id.value(), ok, outcome.status(), outcome.durationMs(), outcome.response(),
        outcome.error());
  }

  private static Sent await(java.util.concurrent.CompletableFuture<Sent> sent,
      DeliveryPolicy policy) {
    try {
      return sent.get(policy.timeoutMs() + 5_000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return failed("no result: " + e.getMessage());
    }
  }

  private static Sent failed(String reason) {
    return new Sent(null, HttpOutcome.failure(reason, 0), new Verdict.Retry(null));
  }

  /** Into the delivery log, like the dispatcher's attempts; a failure to record is logged. */
  private void record(DeliveryAttempt attempt) {
    try {
      producer.send(new ProducerRecord<>(Topics.ATTEMPTS, null, attempt.at().toEpochMilli(),
          attempt.subscriptionId().value(), Json.toBytes(attempt)))
          .get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("could not record the test send to {}: {}", attempt.subscriptionId(),
          e.getMessage());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
