package io.hookstream.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EndpointAuth;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import io.hookstream.templates.Templates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authenticated endpoints through the one send path: basic and bearer headers, OAuth2 client
 * credentials against a token endpoint that counts its calls, and mutual TLS against a server
 * that requires a client certificate. Credentials are sealed as the API stores them.
 */
class OutboundAuthTest {
  static final TenantId ACME = TenantId.of("acme");
  static final SubscriptionId SUB = SubscriptionId.of("sub_auth");
  static final SecretBox BOX =
      SecretBox.fromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  final MockWebServer endpoint = new MockWebServer();
  final MockWebServer tokens = new MockWebServer();
  final AtomicInteger tokenRequests = new AtomicInteger();
  OkHttpClient client;
  Outbound outbound;

  @BeforeEach
  void start() throws Exception {
    tokens.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        int n = tokenRequests.incrementAndGet();
        return new MockResponse().setHeader("content-type", "application/json")
            .setBody("{\"access_token\":\"tok-" + n + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600}");
      }
    });
    tokens.start();
    endpoint.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse().setResponseCode(200);
      }
    });
    client = HttpClients.create(16, new TargetPolicy(true));
    outbound = new Outbound(new HttpSender(client, clock), new TargetPolicy(true), BOX,
        new Directory() {
          @Override
          public Optional<io.hookstream.model.EventType> eventType(String name) {
            return Optional.empty();
          }

          @Override
          public Optional<io.hookstream.model.Tenant> tenant(TenantId id) {
            return Optional.empty();
          }
        }, new Templates(10), Runnable::run, clock);
  }

  @AfterEach
  void stop() throws Exception {
    endpoint.shutdown();
    tokens.shutdown();
    client.dispatcher().executorService().shutdown();
  }

  @Test
  void basicAndBearerCredentialsArriveAndAreNeverInThePreparedRequest() throws Exception {
    endpoint.start();
    Subscription basic = sub(endpoint.url("/basic").toString(),
        EndpointAuth.basic("hook", "s3cret:with colon"));
    assertThat(outbound.prepare(task(), basic, clock.instant()).headers())
        .doesNotContainKey("Authorization").doesNotContainKey("authorization");
    assertThat(attempt(basic).outcome().status()).isEqualTo(200);
    assertThat(endpoint.takeRequest().getHeader("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("hook:s3cret:with colon".getBytes()));

    Subscription bearer = sub(endpoint.url("/bearer").toString(),
        EndpointAuth.bearer("opaque-token-1"));
    assertThat(attempt(bearer).outcome().status()).isEqualTo(200);
    assertThat(endpoint.takeRequest().getHeader("Authorization"))
        .isEqualTo("Bearer opaque-token-1");
  }

  @Test
  void oauth2FetchesOneTokenForManyDeliveriesAndAnotherBeforeItExpires() throws Exception {
    endpoint.start();
    Subscription sub = sub(endpoint.url("/oauth").toString(), EndpointAuth.oauth2(
        tokens.url("/token").toString(), "client-1", "client-secret", "webhooks", "hooks-api"));
    for (int i = 0; i < 5; i++) {
      assertThat(attempt(sub).outcome().status()).isEqualTo(200);
      assertThat(endpoint.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-1");
    }
    assertThat(tokenRequests.get()).isEqualTo(1);
    RecordedRequest asked = tokens.takeRequest();
    assertThat(asked.getMethod()).isEqualTo("POST");
    assertThat(asked.getHeader("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("client-1:client-secret".getBytes()));
    assertThat(asked.getBody().readUtf8()).isEqualTo(
        "grant_type=client_credentials&scope=webhooks&audience=hooks-api");

    // Past 80 % of its hour: this delivery still uses it, and a new one is fetched meanwhile.
    clock.advance(Duration.ofMinutes(50));
    assertThat(attempt(sub).outcome().status()).isEqualTo(200);
    assertThat(endpoint.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-1");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> tokenRequests.get() == 2);
    assertThat(attempt(sub).outcome().status()).isEqualTo(200);
    assertThat(endpoint.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-2");

    // Expired and not refreshed in time (nothing was sent for two hours): fetched first.
    clock.advance(Duration.ofHours(2));
    assertThat(attempt(sub).outcome().status()).isEqualTo(200);
    assertThat(endpoint.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-3");
    assertThat(tokenRequests.get()).isEqualTo(3);
  }

  @Test
  void aRejectedTokenIsReplacedOnceBeforeTheAttemptCounts() throws Exception {
    endpoint.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String auth = r.getHeader("Authorization");
        return new MockResponse().setResponseCode("Bearer tok-1".equals(auth) ? 401
            : r.getPath().startsWith("/always-401") ? 401 : 200);
      }
    });
    endpoint.start();
    Subscription sub = sub(endpoint.url("/revoked").toString(), EndpointAuth.oauth2(
        tokens.url("/token").toString(), "client-1", "client-secret", null, null));
    Sent sent = attempt(sub);
    assertThat(sent.outcome().status()).isEqualTo(200);
    assertThat(endpoint.getRequestCount()).isEqualTo(2);
    assertThat(tokenRequests.get()).isEqualTo(2);

    Subscription refused = sub(endpoint.url("/always-401").toString(), EndpointAuth.oauth2(
        tokens.url("/token").toString(), "client-2", "client-secret", null, null));
    Sent failed = attempt(refused);
    assertThat(failed.outcome().status()).isEqualTo(401);
    assertThat(failed.verdict()).isInstanceOf(Verdict.Retry.class);
    assertThat(endpoint.getRequestCount()).isEqualTo(4); // one refresh, not a loop
    assertThat(tokenRequests.get()).isEqualTo(4);
  }

  @Test
  void aTokenEndpointThatFailsIsAFailedAttemptWithTheReason() throws Exception {
    endpoint.start();
    tokens.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        tokenRequests.incrementAndGet();
        return new MockResponse().setResponseCode(400).setBody("{\"error\":\"invalid_client\"}");
      }
    });
    Subscription sub = sub(endpoint.url("/x").toString(), EndpointAuth.oauth2(
        tokens.url("/token").toString(), "client-1", "wrong", null, null));
    Sent sent = attempt(sub);
    assertThat(sent.outcome().status()).isNull();
    assertThat(sent.outcome().error()).isEqualTo(
        "OAuth2 token not obtained: the token endpoint answered 400");
    assertThat(sent.verdict()).isInstanceOf(Verdict.Retry.class);
    assertThat(endpoint.getRequestCount()).isZero();

    Subscription metadata = sub(endpoint.url("/x").toString(), EndpointAuth.oauth2(
        "http://169.254.169.254/token", "client-1", "secret", null, null));
    Outbound guarded = new Outbound(new HttpSender(client, clock), new TargetPolicy(false), BOX,
        null, new Templates(10), Runnable::run, clock);
    Sent refused = guarded.attempt(task(), metadata, policy()).get();
    assertThat(refused.outcome().error()).startsWith("OAuth2 token URL:");
    assertThat(refused.verdict()).isInstanceOf(Verdict.Permanent.class);
  }

  @Test
  void mutualTlsPresentsTheClientCertificateAndOneClientServesIt() throws Exception {
    HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0)
        .commonName("test root").build();
    HeldCertificate server = new HeldCertificate.Builder().signedBy(root)
        .addSubjectAlternativeName("localhost").commonName("localhost").build();
    HeldCertificate clientCert = new HeldCertificate.Builder().signedBy(root)
        .commonName("hookstream client").build();
    HandshakeCertificates serverTls = new HandshakeCertificates.Builder()
        .heldCertificate(server).addTrustedCertificate(root.certificate()).build();
    endpoint.useHttps(serverTls.sslSocketFactory(), false);
    endpoint.requireClientAuth();
    endpoint.start();

    Subscription mtls = sub(endpoint.url("/mtls").toString(), EndpointAuth.mtls(
        clientCert.certificatePem(), clientCert.privateKeyPkcs8Pem())).toBuilder()
        .sslVerification(false).build();
    assertThat(attempt(mtls).outcome().status()).isEqualTo(200);
    assertThat(attempt(mtls).outcome().status()).isEqualTo(200);
    assertThat(endpoint.takeRequest().getHandshake().peerPrincipal().getName())
        .contains("hookstream client");

    Subscription without = mtls.toBuilder().auth(null).build();
    Sent refused = attempt(without);
    assertThat(refused.outcome().status()).isNull();
    assertThat(refused.outcome().error()).isNotBlank();
    assertThat(endpoint.getRequestCount()).isEqualTo(2);

    HeldCertificate other = new HeldCertificate.Builder().commonName("other").build();
    assertThatThrownBy(() -> ClientCertificates.check(clientCert.certificatePem(),
        other.privateKeyPkcs8Pem())).hasMessage("the private key does not belong to the"
            + " certificate");
    assertThatThrownBy(() -> ClientCertificates.check("not a pem", other.privateKeyPkcs8Pem()))
        .hasMessageContaining("PEM certificate");
  }

  Sent attempt(Subscription sub) throws Exception {
    return outbound.attempt(task(), sub, policy()).get();
  }

  static DeliveryPolicy policy() {
    return new DeliveryPolicy(RetrySchedule.parse("1s"), 5_000, List.of(), null);
  }

  static Subscription sub(String url, EndpointAuth auth) {
    Subscription plain = Subscription.builder(SUB, ACME, url).events(List.of("*")).build();
    return plain.toBuilder().auth(auth.sealed((field, value) -> BOX.seal(value,
        EndpointAuth.context(plain.topicKey(), field)))).build();
  }

  static DeliveryTask task() {
    EventId event = EventId.of("evt_auth");
    return new DeliveryTask(1, DeliveryId.of(ACME, event, SUB), ACME, SUB, event, "order.created",
        Instant.parse("2026-11-30T12:00:00Z"), RawJson.ofTrustedBytes("{\"id\":\"evt_auth\"}"
            .getBytes()), 1, 0, null, null, null, null, null, 1L);
  }

  /** A clock the test moves: token lifetimes pass without waiting. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
