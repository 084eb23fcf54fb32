package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.config.Durations;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.BatchPolicy;
import io.hookstream.model.FifoState;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.EndpointAuth;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionFilter;
import io.hookstream.retry.RetrySchedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as answered, with its effective delivery policy (its own, else its tenant's,
 * else the deployment's). The plaintext secret appears only in the answer that created or
 * rotated it (or a PATCH that had to generate one), custom header values only in the answer of
 * the call that set them (otherwise masked); {@code signed} says whether requests carry a
 * signature at all. With Ed25519, {@code publicKey} ({@code whpk_…}) is the current key's public
 * half, which is not a secret: receivers verify with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookView(
    String id,
    String tenant,
    String url,
    List<String> events,
    String name,
    String description,
    boolean enabled,
    Map<String, String> headers,
    int timeoutMs,
    Integer maxInFlight,
    Integer rateLimitPerSecond,
    SignatureProfile signature,
    boolean signed,
    String publicKey,
    SubscriptionFilter filter,
    boolean sslVerification,
    String preset,
    String template,
    RetrySchedule retrySchedule,
    List<Integer> successStatuses,
    AutoDisableView autoDisable,
    AuthView auth,
    String ordering,
    String onExhausted,
    BatchPolicy batch,
    OrderingState orderingState,
    String disabledReason,
    Instant disabledAt,
    Instant createdAt,
    Instant updatedAt,
    long version,
    HealthView health,
    String secret) {

  /** Auto-disable rules as answered; an absent rule is off. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AutoDisableView(Integer consecutiveFailedDeliveries, String failingFor,
      Integer consecutiveFailedAttempts) {
    static AutoDisableView of(AutoDisablePolicy p) {
      return new AutoDisableView(p.consecutiveFailedDeliveries(),
          p.failingFor() == null ? null : Durations.format(p.failingFor()),
          p.consecutiveFailedAttempts());
    }
  }

  /**
   * Where a FIFO webhook stands: the sequence at its head (null when nothing waits), how many
   * deliveries wait (head included, as far as its dispatcher has read), whether it is halted (by
   * its head under {@code onExhausted: halt}, or disabled) and why, the last sequence finished,
   * and the head's attempt and next try.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OrderingState(Long headSequence, long backlog, boolean halted, String haltedReason,
      Instant haltedAt, long lastSequence, Integer headAttempt, Instant nextAttemptAt,
      Instant updatedAt) {
    static OrderingState of(Subscription s, FifoState state) {
      boolean halted = s.halted() || !s.enabled();
      String reason = s.halted() ? s.haltedReason() : !s.enabled() ? s.disabledReason() : null;
      Instant at = s.halted() ? s.haltedAt() : !s.enabled() ? s.disabledAt() : null;
      if (state == null) {
        return new OrderingState(null, 0, halted, reason, at, 0, null, null, null);
      }
      return new OrderingState(state.headSequence(), state.backlog(), halted, reason, at,
          state.lastSequence(), state.head() == null ? null : state.headAttempt(),
          state.nextAttemptAt(), state.updatedAt());
    }
  }

  /**
   * Endpoint credentials as answered: what identifies them, never a password, token, client
   * secret or private key; a client certificate by its subject, expiry and SHA-256 fingerprint.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AuthView(String type, String username, String tokenUrl, String clientId, String scope,
      String audience, CertificateView certificate) {
    static AuthView of(EndpointAuth a) {
      if (a == null) {
        return null;
      }
      return new AuthView(a.type().wireName(), a.username(), a.tokenUrl(), a.clientId(),
          a.scope(), a.audience(), a.certificate() == null ? null
              : CertificateView.of(a.certificate()));
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CertificateView(String subject, Instant notAfter, String sha256) {
    static CertificateView of(String pem) {
      try {
        java.security.cert.X509Certificate c = okhttp3.tls.Certificates.decodeCertificatePem(
            pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"),
                pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length()));
        return new CertificateView(c.getSubjectX500Principal().getName(),
            c.getNotAfter().toInstant(), java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(c.getEncoded())));
      } catch (RuntimeException | java.security.GeneralSecurityException e) {
        return new CertificateView(null, null, null);
      }
    }
  }

  /** How a custom header's value is answered after the call that set it. */
  static final String MASKED = "********";

  /**
   * @param plainHeaders the header values as the caller just gave them (answered back once),
   *     or null: every value is answered masked
   */
  static WebhookView of(Subscription s, DeliveryPolicy policy, String secret, HealthView health,
      Map<String, String> plainHeaders, FifoState fifo, String publicKey) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    s.headers().keySet().forEach(name -> headers.put(name,
        plainHeaders != null && plainHeaders.containsKey(name) ? plainHeaders.get(name) : MASKED));
    return new WebhookView(s.id().value(), s.tenant().value(), s.url(), s.events(), s.name(),
        s.description(), s.enabled(), headers, policy.timeoutMs(), s.maxInFlight(),
        s.rateLimitPerSecond(), s.effectiveSignature(), !s.secrets().isEmpty(), publicKey,
        s.filter(),
        s.verifiesTls(), s.preset(), s.template(), policy.retrySchedule(),
        policy.successStatuses().isEmpty() ? null : policy.successStatuses(),
        AutoDisableView.of(policy.autoDisable()), AuthView.of(s.auth()),
        s.fifo() ? "fifo" : "none",
        s.fifo() ? s.effectiveOnExhausted().wireName() : null, s.fifo() ? s.batch() : null,
        s.fifo() ? OrderingState.of(s, fifo) : null, s.disabledReason(), s.disabledAt(),
        s.createdAt(), s.updatedAt(), Math.max(1, s.version()), health, secret);
  }
}
