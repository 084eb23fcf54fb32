package io.hookstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookstream.json.Json;
import io.hookstream.signing.WebhookVerificationException;
import io.hookstream.signing.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code listen}: local development in one command. Receives webhooks on a port of this machine,
 * prints each (event type, id, attempt, whether its signature verifies and why not, and the
 * answer), and either forwards it unchanged, still signed, to the developer's app and relays the
 * app's answer ({@code --forward-to}), or answers 200 itself ({@code --print-only}).
 *
 * <p>Without {@code --secret} it registers a temporary webhook for it on the running Hookstream
 * and removes it on {@link #close()} (Ctrl-C); with {@code --secret} it only receives, for a
 * webhook the developer made.
 */
final class Listen implements AutoCloseable {
  /** Request headers the forwarding client sets itself. */
  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection",
      "expect", "upgrade", "transfer-encoding", "keep-alive");
  private static final int ANSWER_EXCERPT = 120;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** What to listen for and where to send it; {@code forwardTo} empty means print only. */
  record Settings(URI api, String token, String tenant, List<String> events,
      Optional<URI> forwardTo, int port, Optional<String> secret) {}

  private final Settings settings;
  private final PrintStream out;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private ExecutorService handlers;
  private HttpServer server;
  private WebhookVerifier verifier;
  private String webhookId;

  Listen(Settings settings, PrintStream out, Clock clock) {
    this.settings = settings;
    this.out = out;
    this.clock = clock;
  }

  /** Binds the port and, unless given a secret, registers the temporary webhook. */
  void start() throws IOException {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.port()), 64);
    } catch (BindException e) {
      throw new Args.UsageException("port " + settings.port() + " on 127.0.0.1 is taken;"
          + " pass --port with a free one (or 0 for any)");
    }
    handlers = Executors.newFixedThreadPool(8);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
    URI self = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    String secret;
    if (settings.secret().isPresent()) {
      secret = settings.secret().get();
      say("Receiving webhooks on " + self + ", verified with the secret you gave");
    } else {
      Registration.Created created = new Registration(http, settings).create(self);
      secret = created.secret();
      webhookId = created.id();
      say("Ready: webhook " + webhookId + " of tenant " + settings.tenant() + " receives "
          + String.join(",", settings.events()) + " at " + self);
      say("  its secret: " + secret + " (the webhook is removed when you press Ctrl-C)");
    }
    verifier = WebhookVerifier.of(secret);
    say(settings.forwardTo().map(u -> "Forwarding each, signed, to " + u)
        .orElse("Printing each and answering 200 (--print-only)"));
  }

  int port() {
    return server.getAddress().getPort();
  }

  void awaitClosed() throws InterruptedException {
    closed.await();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      String id = headers.getOrDefault("webhook-id", "(no webhook-id)");
      int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      String verdict = verdict(headers, body);
      Answer answer = settings.forwardTo().isPresent()
          ? forward(settings.forwardTo().get(), exchange.getRequestMethod(), headers, body)
          : new Answer(verdict.startsWith("signature verified") ? 200 : 401, new byte[0],
              null, "answered by listen");
      say(LocalTime.now(clock.withZone(ZoneId.systemDefault())).format(TIME) + "  "
          + type(body) + "  " + id + "  " + attemptLabel(attempt) + "  " + verdict + "  -> "
          + answer.describe());
      if (answer.contentType() != null) {
        exchange.getResponseHeaders().set("content-type", answer.contentType());
      }
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1
          : answer.body().length);
      if (answer.body().length > 0) {
        exchange.getResponseBody().write(answer.body());
      }
    } catch (RuntimeException e) {
      say("could not handle a request: " + e);
    }
  }

  /**
   * The attempt number, as counted here: the temporary webhook sends every attempt to this
   * process, so its count is Hookstream's; a webhook made elsewhere may have tried before.
   */
  private String attemptLabel(int seen) {
    return settings.secret().isPresent() ? "received " + seen + "x here" : "attempt " + seen;
  }

  private String verdict(Map<String, String> headers, byte[] body) {
    try {
      verifier.verify(headers, body);
      return "signature verified";
    } catch (WebhookVerificationException e) {
      return "signature FAILED: " + e.getMessage();
    } catch (RuntimeException e) {
      return "signature FAILED: " + e.getMessage();
    }
  }

  private static String type(byte[] body) {
    try {
      JsonNode type = Json.mapper().readTree(body).path("type");
      return type.isTextual() ? type.asText() : "(no type)";
    } catch (IOException | RuntimeException e) {
      return "(not JSON)";
    }
  }

  /** What Hookstream is answered, and how it is described in the printed line. */
  private record Answer(int status, byte[] body, String contentType, String source) {
    String describe() {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip()
          .replaceAll("\\s+", " ");
      String excerpt = text.isEmpty() ? "" : " " + (text.length() > ANSWER_EXCERPT
          ? text.substring(0, ANSWER_EXCERPT) + "…" : text);
      return status + " " + source + excerpt;
    }
  }

  private Answer forward(URI target, String method, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, value) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        request.header(name, value);
      }
    });
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofByteArray());
      long ms = (System.nanoTime() - start) / 1_000_000;
      return new Answer(response.statusCode(), response.body(),
          response.headers().firstValue("content-type").orElse(null),
          "from your app in " + ms + " ms");
    } catch (IOException e) {
      return new Answer(502, new byte[0], null, "(your app did not answer: " + e
          + "; Hookstream will retry)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(503, new byte[0], null, "(listen is stopping)");
    }
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Removes the temporary webhook and stops receiving. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    try {
      if (server != null) {
        server.stop(0);
      }
      if (handlers != null) {
        handlers.shutdownNow();
      }
      if (webhookId != null) {
        new Registration(http, settings).delete(webhookId);
        say("Removed webhook " + webhookId);
      }
    } catch (RuntimeException e) {
      say("could not remove webhook " + webhookId + ": " + e.getMessage());
    } finally {
      closed.countDown();
    }
  }
}
