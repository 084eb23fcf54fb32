package io.hookstream.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.EndpointAuth;
import io.hookstream.model.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.FormBody;
import okhttp3.Request;

/**
 * Access tokens of endpoints behind OAuth2 client credentials (RFC 6749 section 4.4), one per
 * subscription, for its current configuration. A token is fetched once for many deliveries, fetched again
 * before it is needed (once 80 % of its lifetime has passed, while the current one still serves),
 * and dropped when the endpoint answers 401 with it. Concurrent callers share one fetch. Token
 * requests go through the same guarded client as deliveries: the token URL passes the SSRF guard
 * at every connect.
 *
 * <p>The client authenticates with HTTP Basic ({@code client_secret_basic}, which every
 * authorization server must support).
 */
public final class OAuth2Tokens {
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  /** A token this close to its expiry is not used any more. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

  private final HttpSender sender;
  private final io.hookstream.targets.TargetPolicy targets;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  record Token(String value, Instant refreshAt, Instant expiresAt) {}

  private static final class Entry {
    final String config;
    volatile Token token;
    volatile CompletableFuture<Token> fetching;

    Entry(String config) {
      this.config = config;
    }
  }

  public OAuth2Tokens(HttpSender sender, io.hookstream.targets.TargetPolicy targets,
      Clock clock) {
    this.sender = sender;
    this.targets = targets;
    this.clock = clock;
  }

  /**
   * A valid token for {@code sub}, from the cache when it has one; {@code open} opens a sealed
   * field of the auth (its name, its value). Fails with an {@link IOException} saying why in
   * words safe to record (never the secret or the token).
   */
  CompletableFuture<String> token(Subscription sub, Function<String, String> clientSecret,
      int timeoutMs) {
    EndpointAuth auth = sub.auth();
    // One entry per webhook: a changed configuration replaces it, with its token.
    String config = config(auth);
    Entry entry = entries.compute(sub.topicKey(), (k, e) -> e != null && e.config.equals(config)
        ? e : new Entry(config));
    Instant now = clock.instant();
    Token current = entry.token;
    if (current != null && now.isBefore(current.expiresAt().minus(EXPIRY_MARGIN))) {
      if (!now.isBefore(current.refreshAt())) {
        fetch(entry, auth, clientSecret, timeoutMs); // ahead of need; this one still serves
      }
      return CompletableFuture.completedFuture(current.value());
    }
    return fetch(entry, auth, clientSecret, timeoutMs).thenApply(Token::value);
  }

  /** The endpoint refused {@code token} (401): the next caller fetches a new one. */
  void invalidate(Subscription sub, String token) {
    Entry entry = entries.get(sub.topicKey());
    if (entry != null && entry.token != null && entry.token.value().equals(token)) {
      entry.token = null;
    }
  }

  private synchronized CompletableFuture<Token> fetch(Entry entry, EndpointAuth auth,
      Function<String, String> clientSecret, int timeoutMs) {
    CompletableFuture<Token> running = entry.fetching;
    if (running != null && !running.isDone()) {
      return running;
    }
    CompletableFuture<Token> next = request(auth, clientSecret, timeoutMs).thenApply(t -> {
      entry.token = t;
      return t;
    });
    entry.fetching = next;
    return next;
  }

  private CompletableFuture<Token> request(EndpointAuth auth,
      Function<String, String> clientSecret, int timeoutMs) {
    FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
    if (auth.scope() != null) {
      form.add("scope", auth.scope());
    }
    if (auth.audience() != null) {
      form.add("audience", auth.audience());
    }
    Request request;
    try {
      String credentials = formEncode(auth.clientId()) + ":"
          + formEncode(clientSecret.apply(auth.clientSecret()));
      request = new Request.Builder().url(auth.tokenUrl())
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              credentials.getBytes(StandardCharsets.UTF_8)))
          .header("Accept", "application/json")
          .header("User-Agent", Outbound.USER_AGENT)
          .post(form.build()).build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IOException("the token URL is not one the client"
          + " can call"));
    }
    Optional<String> refused = GuardedDns.literalRefusal(request.url().host(), targets);
    if (refused.isPresent()) {
      return CompletableFuture.failedFuture(new GuardedDns.ForbiddenTarget(refused.get()));
    }
    Instant asked = clock.instant();
    return sender.exchange(request, timeoutMs, true, MAX_ANSWER_BYTES)
        .thenApply(answer -> parse(answer, asked));
  }

  private static Token parse(HttpSender.Exchange answer, Instant asked) {
    if (answer.status() / 100 != 2) {
      throw new java.util.concurrent.CompletionException(new IOException(
          "the token endpoint answered " + answer.status()));
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(answer.body() == null ? "" : answer.body());
    } catch (IOException | RuntimeException e) {
      throw new java.util.concurrent.CompletionException(new IOException(
          "the token endpoint's answer is not JSON"));
    }
    String token = json == null ? null : json.path("access_token").asText(null);
    String type = json == null ? null : json.path("token_type").asText("bearer");
    if (token == null || token.isBlank() || !type.equalsIgnoreCase("bearer")) {
      throw new java.util.concurrent.CompletionException(new IOException(
          "the token endpoint's answer holds no bearer access_token"));
    }
    long seconds = json.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
    Duration lifetime = Duration.ofSeconds(Math.max(1, seconds));
    return new Token(token, asked.plus(lifetime.multipliedBy(8).dividedBy(10)),
        asked.plus(lifetime));
  }

  /** What the token depends on: a change of any of it needs a new one. */
  private static String config(EndpointAuth a) {
    return a.tokenUrl() + "|" + a.clientId() + "|" + a.clientSecret() + "|" + a.scope() + "|"
        + a.audience();
  }

  private static String formEncode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
