package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.Subscription;
import io.hookstream.model.WebhookBody;
import io.hookstream.outbound.GuardedDns;
import io.hookstream.outbound.HttpClients;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.outbound.HttpSender;
import io.hookstream.outbound.SignedRequests;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Sends a signed test event right away, the way the dispatcher would (same signing, same SSRF
 * guard, same timeout), and answers what came back. Nothing is queued or retried.
 */
public final class TestSender implements AutoCloseable {
  private final OkHttpClient client;
  private final HttpSender sender;
  private final TargetPolicy targets;
  private final SecretBox box;
  private final Clock clock;

  /** What the test attempt got. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String eventId, boolean delivered, Integer statusCode, long durationMs,
      String response, String error) {}

  public TestSender(TargetPolicy targets, SecretBox box, Clock clock) {
    this.client = HttpClients.create(64, targets);
    this.sender = new HttpSender(client, clock);
    this.targets = targets;
    this.box = box;
    this.clock = clock;
  }

  public Result send(Subscription sub, String type, JsonNode data) {
    Instant now = clock.instant();
    EventId id = EventId.of("evt_test_" + EventId.generate(clock).value().substring(4));
    Event event = Event.create(id, sub.tenant(), type, now, Json.raw(data), null);
    byte[] body = Json.toBytes(WebhookBody.of(event));
    HttpOutcome outcome;
    try {
      Request request = SignedRequests.build(id.value(), body, sub, now, box);
      outcome = GuardedDns.literalRefusal(request.url().host(), targets)
          .map(HttpOutcome::refused)
          .orElseGet(() -> await(request, sub));
    } catch (IllegalArgumentException | IllegalStateException e) {
      outcome = HttpOutcome.refused(e.getMessage());
    }
    boolean ok = outcome.status() != null && outcome.status() >= 200 && outcome.status() < 300;
    return new Result(id.value(), ok, outcome.status(), outcome.durationMs(), outcome.response(),
        outcome.error());
  }

  private HttpOutcome await(Request request, Subscription sub) {
    try {
      return sender.send(request, sub.effectiveTimeoutMs(), sub.verifiesTls())
          .get(sub.effectiveTimeoutMs() + 5_000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpOutcome.failure("interrupted", 0);
    } catch (ExecutionException | TimeoutException e) {
      return HttpOutcome.failure("no result: " + e.getMessage(), 0);
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
