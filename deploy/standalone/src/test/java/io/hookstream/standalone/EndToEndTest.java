package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeadLetter;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.testkit.TopicReader;
import io.hookstream.topics.Topics;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline in the standalone: HTTP API → events topic → router → dispatcher → receiver,
 * with retries through the scheduler and the DLQ. Signatures are checked with the official
 * Standard Webhooks library, not Hookstream's own code.
 */
class EndToEndTest {
  static StandaloneFixture hookstream;
  static ApiClient api;
  static ScriptedReceiver receiver;
  static final AtomicInteger TENANTS = new AtomicInteger();

  @BeforeAll
  static void start() {
    receiver = new ScriptedReceiver();
    hookstream = new StandaloneFixture(Map.of());
    api = hookstream.api;
    assertThat(api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}").status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    hookstream.close();
    receiver.close();
  }

  @Test
  void hundredEventsArriveSignedAndVerifiedByTheOfficialLibrary() throws Exception {
    String tenant = tenant();
    String secret = create(tenant, "/all").text("secret");
    Set<String> published = publish(tenant, 100);

    List<RecordedRequest> received = awaitRequests("/all", 100);
    Webhook official = new Webhook(secret);
    Set<String> ids = new HashSet<>();
    for (RecordedRequest r : received) {
      String body = r.getBody().readString(StandardCharsets.UTF_8);
      official.verify(body, HttpHeaders.of(r.getHeaders().toMultimap(), (a, b) -> true));
      ids.add(r.getHeader("webhook-id"));
      assertThat(Json.mapper().readTree(body).get("type").asText()).isEqualTo("order.created");
    }
    assertThat(ids).isEqualTo(published);
    assertThat(received).hasSize(100);
  }

  @Test
  void authenticatedAndEd25519EndpointsReceiveDeliveriesConfiguredThroughTheApi()
      throws Exception {
    String tenant = tenant();
    String tokenPath = "/token-" + tenant;
    String oauthPath = "/oauth-" + tenant;
    receiver.otherwise(tokenPath, r -> new okhttp3.mockwebserver.MockResponse()
        .setHeader("content-type", "application/json")
        .setBody("{\"access_token\":\"tok-" + tenant + "\",\"token_type\":\"bearer\","
            + "\"expires_in\":3600}"));
    receiver.otherwise(oauthPath, r -> new okhttp3.mockwebserver.MockResponse().setResponseCode(
        ("Bearer tok-" + tenant).equals(r.getHeader("Authorization")) ? 200 : 401));
    ApiClient.Answer oauth = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(oauthPath) + "\",\"events\":[\"order.*\"],\"auth\":{\"type\":"
        + "\"oauth2-client-credentials\",\"tokenUrl\":\"" + receiver.url(tokenPath) + "\","
        + "\"clientId\":\"c\",\"clientSecret\":\"s\"}}");
    assertThat(oauth.status()).as(oauth.raw()).isEqualTo(201);

    okhttp3.tls.HeldCertificate root = new okhttp3.tls.HeldCertificate.Builder()
        .certificateAuthority(0).build();
    okhttp3.tls.HeldCertificate server = new okhttp3.tls.HeldCertificate.Builder().signedBy(root)
        .addSubjectAlternativeName("localhost").build();
    okhttp3.tls.HeldCertificate client = new okhttp3.tls.HeldCertificate.Builder().signedBy(root)
        .commonName("hookstream-" + tenant).build();
    try (okhttp3.mockwebserver.MockWebServer mtls = new okhttp3.mockwebserver.MockWebServer()) {
      mtls.useHttps(new okhttp3.tls.HandshakeCertificates.Builder().heldCertificate(server)
          .addTrustedCertificate(root.certificate()).build().sslSocketFactory(), false);
      mtls.requireClientAuth();
      mtls.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public okhttp3.mockwebserver.MockResponse dispatch(RecordedRequest r) {
          return new okhttp3.mockwebserver.MockResponse().setResponseCode(200);
        }
      });
      mtls.start();
      ApiClient.Answer cert = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
          + mtls.url("/mtls") + "\",\"events\":[\"order.*\"],\"sslVerification\":false,"
          + "\"auth\":{\"type\":\"mtls\",\"certificate\":"
          + Json.mapper().writeValueAsString(client.certificatePem()) + ",\"privateKey\":"
          + Json.mapper().writeValueAsString(client.privateKeyPkcs8Pem()) + "}}");
      assertThat(cert.status()).as(cert.raw()).isEqualTo(201);
      String edPath = "/ed25519-" + tenant;
      ApiClient.Answer ed = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
          + receiver.url(edPath) + "\",\"events\":[\"order.*\"],\"signature\":{\"scheme\":"
          + "\"standard-webhooks-ed25519\"}}");
      assertThat(ed.status()).as(ed.raw()).isEqualTo(201);
      String publicKey = api.get("/v1/tenants/" + tenant + "/webhooks/" + ed.text("id")
          + "/public-keys", ADMIN).body().get("data").get(0).get("publicKey").asText();

      publish(tenant, 5);
      List<RecordedRequest> viaOauth = awaitRequests(oauthPath, 5);
      assertThat(viaOauth).allSatisfy(r -> assertThat(r.getHeader("Authorization"))
          .isEqualTo("Bearer tok-" + tenant));
      assertThat(receiver.requests(tokenPath)).hasSize(1);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> mtls.getRequestCount() == 5);
      assertThat(mtls.takeRequest().getHandshake().peerPrincipal().getName())
          .isEqualTo("CN=hookstream-" + tenant);
      for (RecordedRequest r : awaitRequests(edPath, 5)) {
        new io.hookstream.signing.WebhookVerifier(io.hookstream.model.SignatureProfile.ED25519,
            List.of(publicKey), java.time.Clock.systemUTC(), Duration.ofMinutes(5))
            .verify(Map.of("webhook-id", r.getHeader("webhook-id"), "webhook-timestamp",
                r.getHeader("webhook-timestamp"), "webhook-signature",
                r.getHeader("webhook-signature")), r.getBody().readByteArray());
      }
    }
  }

  @Test
  void anEndpointThatFailsTwiceReceivesEveryEventOnTheThirdAttempt() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    receiver.otherwise("/flaky", r -> calls.computeIfAbsent(r.getHeader("webhook-id"),
        id -> new AtomicInteger()).incrementAndGet() <= 2
        ? new MockResponse().setResponseCode(503) : new MockResponse().setResponseCode(200));
    String tenant = tenant();
    create(tenant, "/flaky");
    Set<String> published = publish(tenant, 10);

    awaitRequests("/flaky", 30);
    assertThat(calls.keySet()).isEqualTo(published);
    assertThat(calls.values()).allMatch(c -> c.get() == 3);
  }

  @Test
  void anEndpointThatAlwaysFailsEndsWithEveryEventInTheDlq() {
    receiver.otherwise("/down", r -> new MockResponse().setResponseCode(500));
    String tenant = tenant();
    // auto-disable off: this is about the schedule running out (ProtectionTest covers disabling)
    ApiClient.Answer created = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN,
        "{\"url\":\"" + receiver.url("/down") + "\",\"events\":[\"order.*\"],\"autoDisable\":"
            + "{\"consecutiveFailedDeliveries\":null,\"failingFor\":null,"
            + "\"consecutiveFailedAttempts\":null}}");
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String sub = created.text("id");
    Set<String> published = publish(tenant, 10);

    List<DeadLetter> dead = TopicReader.await(hookstream.standalone.bootstrapServers(), Topics.DLQ,
        r -> sub.equals(r.key()), 10, Duration.ofSeconds(60)).stream()
        .map(r -> Json.fromBytes(r.value(), DeadLetter.class)).toList();
    assertThat(dead).hasSize(10);
    assertThat(dead).allMatch(d -> d.reason() == AttemptOutcome.DEAD_LETTERED
        && d.statusCode() == 500 && d.task().attempt() == 4);
    assertThat(dead.stream().map(d -> d.task().eventId().value()).collect(Collectors.toSet()))
        .isEqualTo(published);
    // 1 attempt + 3 retries per event, nothing more
    assertThat(receiver.requests("/down")).hasSize(40);
  }

  /**
   * A manual retry of a delivery that still has an attempt scheduled replaces that attempt: the
   * receiver gets one more request, not two, and the attempt numbers stay unique and increasing.
   */
  @Test
  void aManualRetryReplacesTheScheduledAttempt() {
    receiver.script("/retried", new MockResponse().setResponseCode(500));
    String tenant = tenant();
    ApiClient.Answer created = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN,
        "{\"url\":\"" + receiver.url("/retried") + "\",\"events\":[\"order.*\"],"
            + "\"retrySchedule\":[\"8s\",\"8s\"]}");
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String sub = created.text("id");
    publish(tenant, 1);
    String log = "/v1/tenants/" + tenant + "/webhooks/" + sub + "/deliveries";
    JsonNode pending = Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> api.get(log, ADMIN).body().path("data").path(0),
            d -> d.path("attempts").size() == 1 && d.path("status").asText().equals("pending"));
    assertThat(pending.path("attempts").path(0).path("nextAttemptAt").asText()).isNotEmpty();

    ApiClient.Answer retried = api.post("/v1/tenants/" + tenant + "/deliveries/"
        + pending.path("id").asText() + "/retry", ADMIN, "{}");
    assertThat(retried.status()).as(retried.raw()).isEqualTo(202);

    // The scheduled attempt comes due ~8 s after the first, and is dropped as replaced.
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> replacedCount() >= 1);
    JsonNode delivered = Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> api.get(log, ADMIN).body().path("data").path(0),
            d -> d.path("status").asText().equals("succeeded"));
    assertThat(delivered.path("attempts").findValuesAsText("attempt")).containsExactly("1", "2");
    assertThat(receiver.requests("/retried")).hasSize(2);
  }

  private static double replacedCount() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^hookstream_deliveries_deferred_total\\{[^}]*reason=\"replaced\"[^}]*} ([0-9.E]+)")
        .matcher(api.get("/metrics", null).raw());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** A fresh tenant per test, so no test sees another's events. */
  static String tenant() {
    String id = "t" + TENANTS.incrementAndGet();
    assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
    return id;
  }

  static ApiClient.Answer create(String tenant, String path) {
    ApiClient.Answer a = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN,
        "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"order.*\"]}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a;
  }

  /** Publishes through the API; answers the ids. Every webhook of the tenant gets them. */
  static Set<String> publish(String tenant, int n) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      ApiClient.Answer a = api.post("/v1/tenants/" + tenant + "/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}");
      assertThat(a.status()).isEqualTo(202);
      ids.add(a.text("id"));
    }
    return ids;
  }

  /** Waits for {@code count} requests, then half a second more in which no more may arrive. */
  static List<RecordedRequest> awaitRequests(String path, int count) {
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> receiver.requests(path).size() >= count);
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> receiver.requests(path).size() == count);
    return receiver.requests(path);
  }
}
