package io.hookstream.outbound;

import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EndpointAuth;
import io.hookstream.model.RawJson;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.signing.SecretBox;
import io.hookstream.signing.WebhookSigner;
import io.hookstream.targets.TargetPolicy;
import io.hookstream.templates.PayloadTemplate;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.TemplateInput;
import io.hookstream.templates.Templates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import okhttp3.Request;

/**
 * The one send path: every outbound webhook request (deliveries, test sends, previews) is
 * rendered, signed, guarded and sent here, and its outcome classified here.
 *
 * <ul>
 *   <li><b>render</b>: the standard body, or the subscription's template run once per delivery
 *       (on the render executor, off the caller's thread); a rendered body is kept with the
 *       delivery and every later attempt sends it unchanged;
 *   <li><b>sign</b>: the subscription's own headers, {@code user-agent}, then {@code webhook-id},
 *       {@code webhook-timestamp} and the signature of its profile;
 *   <li><b>guard</b>: IP-literal hosts are judged here, names at every connect by
 *       {@link GuardedDns};
 *   <li><b>send</b>: one request, no client retries, the policy's timeout for the whole call.
 * </ul>
 */
public final class Outbound {
  /** The delivery's number among its subscription's deliveries: 1, 2, 3… (not on test sends). */
  public static final String SEQUENCE_HEADER = "webhook-sequence";
  public static final String USER_AGENT = "Hookstream/1.0";
  /**
   * On a batch to a FIFO endpoint: {@code count=N;first=S1;last=SN}, how many deliveries the JSON
   * array holds and the sequences of its first and last (consecutive in the endpoint's order).
   */
  public static final String BATCH_HEADER = "webhook-batch";
  /** A batch stops growing before its body passes this size (one delivery always goes). */
  public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  private final HttpSender sender;
  private final TargetPolicy targets;
  private final SecretBox box;
  private final Directory directory;
  private final Templates templates;
  private final Executor renders;
  private final Clock clock;
  private final OAuth2Tokens tokens;
  private final ClientCertificates certificates;

  public Outbound(HttpSender sender, TargetPolicy targets, SecretBox box, Directory directory,
      Templates templates, Executor renders, Clock clock) {
    this.tokens = new OAuth2Tokens(sender, targets, clock);
    this.certificates = new ClientCertificates(sender.client(), clock);
    this.sender = sender;
    this.targets = targets;
    this.box = box;
    this.directory = directory;
    this.templates = templates;
    this.renders = renders;
    this.clock = clock;
  }

  /**
   * The exact request of one attempt at {@code now}.
   *
   * @throws TemplateException when the subscription's template fails for this delivery
   * @throws IllegalStateException when a secret does not open with this master key
   */
  public Prepared prepare(DeliveryTask task, Subscription sub, Instant now) {
    RawJson rendered = needsRender(task, sub) ? render(task, sub) : null;
    byte[] body = rendered != null ? rendered.bytes() : task.payload().bytes();
    Map<String, String> headers = signed(task, sub, now, body);
    if (task.sequence() != null) {
      // An extension beside the Standard Webhooks headers, with every profile: the delivery's
      // place in its subscription's order, for receivers to spot gaps and reordering.
      headers.put(SEQUENCE_HEADER, Long.toString(task.sequence()));
    }
    return new Prepared(sub.url(), headers, body, rendered);
  }

  /**
   * The exact request of one attempt at a batch: a JSON array of the deliveries' bodies (each
   * rendered as it would be alone), signed once as the first delivery's message, with
   * {@code webhook-sequence} the first's sequence and {@link #BATCH_HEADER}.
   *
   * @throws TemplateException when the subscription's template fails for one of them
   */
  public Prepared prepareBatch(List<DeliveryTask> tasks, Subscription sub, Instant now) {
    java.io.ByteArrayOutputStream array = new java.io.ByteArrayOutputStream();
    array.write('[');
    for (int i = 0; i < tasks.size(); i++) {
      DeliveryTask task = tasks.get(i);
      if (i > 0) {
        array.write(',');
      }
      array.writeBytes(needsRender(task, sub) ? render(task, sub).bytes() : task.payload().bytes());
    }
    array.write(']');
    byte[] body = array.toByteArray();
    DeliveryTask first = tasks.get(0);
    Map<String, String> headers = signed(first, sub, now, body);
    Long firstSeq = first.sequence();
    Long lastSeq = tasks.get(tasks.size() - 1).sequence();
    if (firstSeq != null) {
      headers.put(SEQUENCE_HEADER, Long.toString(firstSeq));
    }
    headers.put(BATCH_HEADER, "count=" + tasks.size()
        + (firstSeq != null && lastSeq != null ? ";first=" + firstSeq + ";last=" + lastSeq : ""));
    return new Prepared(sub.url(), headers, body, null);
  }

  /** One attempt at a batch: prepare (on the render executor), guard, send, classify. */
  public CompletableFuture<Sent> attemptBatch(List<DeliveryTask> tasks, Subscription sub,
      DeliveryPolicy policy, java.util.function.BooleanSupplier stillCurrent) {
    return CompletableFuture.supplyAsync(() -> prepared(() -> prepareBatch(tasks, sub,
        clock.instant())), renders).thenCompose(p -> p.sent != null ? CompletableFuture.completedFuture(p.sent)
        : send(p.request, sub, policy, stillCurrent));
  }

  /** Content type, the subscription's headers, user agent, id, timestamp and signature. */
  private Map<String, String> signed(DeliveryTask task, Subscription sub, Instant now,
      byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", Prepared.JSON.toString());
    headers.put("user-agent", USER_AGENT);
    sub.headers().forEach((name, sealed) -> headers.put(name,
        box.open(sealed, Subscription.headerContext(sub.topicKey(), name))));
    List<String> secrets = sub.activeSecrets(now).stream()
        .map(SigningSecret::value)
        .map(sealed -> box.open(sealed, sub.topicKey()))
        .toList();
    headers.putAll(WebhookSigner.headers(sub.effectiveSignature(), secrets,
        task.eventId().value(), now.getEpochSecond(), body));
    return headers;
  }

  /** One attempt: prepare, guard, send, classify. Never fails: a failure is an outcome. */
  public CompletableFuture<Sent> attempt(DeliveryTask task, Subscription sub,
      DeliveryPolicy policy) {
    return attempt(task, sub, policy, () -> true);
  }

  /**
   * The same, with {@code stillCurrent} checked right before the request is written: when it
   * answers false nothing is sent and the future fails with {@link Superseded} (not an attempt).
   */
  public CompletableFuture<Sent> attempt(DeliveryTask task, Subscription sub,
      DeliveryPolicy policy, java.util.function.BooleanSupplier stillCurrent) {
    // Templates and Ed25519 signatures (about 0.6 ms each, bench signing) run on the render
    // executor: never on the caller's thread, which serves every other endpoint too.
    if (needsRender(task, sub) || sub.effectiveSignature().scheme().asymmetric()) {
      return CompletableFuture.supplyAsync(() -> prepared(task, sub), renders)
          .thenCompose(p -> p.sent != null ? CompletableFuture.completedFuture(p.sent)
              : send(p.request, sub, policy, stillCurrent));
    }
    Attempt p = prepared(task, sub);
    return p.sent != null ? CompletableFuture.completedFuture(p.sent)
        : send(p.request, sub, policy, stillCurrent);
  }

  /** Sends a prepared request as one attempt of {@code sub}'s delivery. */
  public CompletableFuture<Sent> send(Prepared prepared, Subscription sub, DeliveryPolicy policy) {
    return send(prepared, sub, policy, () -> true);
  }

  private CompletableFuture<Sent> send(Prepared prepared, Subscription sub,
      DeliveryPolicy policy, java.util.function.BooleanSupplier stillCurrent) {
    Request request;
    try {
      request = prepared.toRequest().newBuilder()
          .tag(Superseded.Recheck.class, new Superseded.Recheck(stillCurrent)).build();
    } catch (IllegalArgumentException e) {
      return done(prepared, HttpOutcome.refused("invalid request: " + e.getMessage()), policy);
    }
    Optional<String> refused = GuardedDns.literalRefusal(request.url().host(), targets);
    if (refused.isPresent()) {
      return done(prepared, HttpOutcome.refused(refused.get()), policy);
    }
    EndpointAuth auth = sub.auth();
    if (auth == null) {
      return call(request, null, sub, policy, prepared);
    }
    return switch (auth.type()) {
      case BASIC -> call(request.newBuilder().header("Authorization", "Basic "
          + java.util.Base64.getEncoder().encodeToString((auth.username() + ":"
              + open(sub, "password", auth.password())).getBytes(StandardCharsets.UTF_8)))
          .build(), null, sub, policy, prepared);
      case BEARER -> call(request.newBuilder().header("Authorization", "Bearer "
          + open(sub, "token", auth.token())).build(), null, sub, policy, prepared);
      case MTLS -> call(request, certificates.client(auth.certificate(),
          open(sub, "privateKey", auth.privateKey()), sub.verifiesTls()), sub, policy, prepared);
      case OAUTH2_CLIENT_CREDENTIALS -> withToken(request, sub, policy, prepared, true);
    };
  }

  /**
   * An OAuth2 endpoint's attempt: a cached (or newly fetched) token; when the endpoint answers
   * 401, the token is dropped and the request made once more with a new one before the attempt
   * counts (the one case where an attempt is two requests). A token that cannot be had is a
   * failed attempt with the reason, retried on the schedule.
   */
  private CompletableFuture<Sent> withToken(Request request, Subscription sub,
      DeliveryPolicy policy, Prepared prepared, boolean mayRefresh) {
    return tokens.token(sub, sealed -> open(sub, "clientSecret", sealed), policy.timeoutMs())
        .handle((token, error) -> {
          if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException
                && error.getCause() != null ? error.getCause() : error;
            HttpOutcome failed = cause instanceof GuardedDns.ForbiddenTarget
                ? HttpOutcome.refused("OAuth2 token URL: " + cause.getMessage())
                : HttpOutcome.failure("OAuth2 token not obtained: " + cause.getMessage(), 0);
            return CompletableFuture.completedFuture(new Sent(prepared, failed,
                OutcomeClassifier.classify(failed, policy)));
          }
          return call(request.newBuilder().header("Authorization", "Bearer " + token).build(),
              null, sub, policy, prepared).thenCompose(sent -> {
                if (mayRefresh && Integer.valueOf(401).equals(sent.outcome().status())) {
                  tokens.invalidate(sub, token);
                  return withToken(request, sub, policy, prepared, false);
                }
                return CompletableFuture.completedFuture(sent);
              });
        }).thenCompose(f -> f);
  }

  /** One request, on {@code via} (a client certificate's client) or the shared client. */
  private CompletableFuture<Sent> call(Request request, okhttp3.OkHttpClient via,
      Subscription sub, DeliveryPolicy policy, Prepared prepared) {
    CompletableFuture<HttpOutcome> sent = via == null
        ? sender.send(request, policy.timeoutMs(), sub.verifiesTls())
        : sender.send(request, policy.timeoutMs(), via);
    return sent.handle((outcome, e) -> {
      if (e != null && Superseded.is(e)) {
        throw new java.util.concurrent.CompletionException(e);
      }
      HttpOutcome o = e == null ? outcome
          : HttpOutcome.failure("internal error: " + e.getMessage(), 0);
      return new Sent(prepared, o, OutcomeClassifier.classify(o, policy));
    });
  }

  /** A sealed field of the subscription's auth, opened. */
  private String open(Subscription sub, String field, String sealed) {
    return box.open(sealed, EndpointAuth.context(sub.topicKey(), field));
  }

  private record Attempt(Prepared request, Sent sent) {}

  private Attempt prepared(DeliveryTask task, Subscription sub) {
    return prepared(() -> prepare(task, sub, clock.instant()));
  }

  /** The request, or the outcome of failing to make it: a template's (permanent), a key's. */
  private static Attempt prepared(java.util.function.Supplier<Prepared> request) {
    try {
      return new Attempt(request.get(), null);
    } catch (TemplateException e) {
      HttpOutcome outcome = HttpOutcome.refused("template failed: " + e.getMessage());
      return new Attempt(null, new Sent(null, outcome, new Verdict.Permanent()));
    } catch (IllegalStateException e) {
      HttpOutcome outcome = HttpOutcome.failure(e.getMessage(), 0);
      return new Attempt(null, new Sent(null, outcome, new Verdict.Retry(null)));
    }
  }

  private static CompletableFuture<Sent> done(Prepared prepared, HttpOutcome outcome,
      DeliveryPolicy policy) {
    return CompletableFuture.completedFuture(new Sent(prepared, outcome,
        OutcomeClassifier.classify(outcome, policy)));
  }

  private static boolean needsRender(DeliveryTask task, Subscription sub) {
    return sub.template() != null && !task.hasRenderedBody();
  }

  private RawJson render(DeliveryTask task, Subscription sub) {
    PayloadTemplate template = templates.compiled(sub.template());
    return RawJson.ofTrustedBytes(template.render(TemplateInput.of(task, sub,
        directory.eventType(task.eventType()).orElse(null),
        task.tenant() == null ? null : directory.tenant(task.tenant()).orElse(null))));
  }
}
