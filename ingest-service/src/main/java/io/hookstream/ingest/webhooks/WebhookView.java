package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.config.Durations;
import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.DeliveryPolicy;
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
 * signature at all.
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
    SubscriptionFilter filter,
    boolean sslVerification,
    String preset,
    String template,
    RetrySchedule retrySchedule,
    List<Integer> successStatuses,
    AutoDisableView autoDisable,
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

  /** How a custom header's value is answered after the call that set it. */
  static final String MASKED = "********";

  /**
   * @param plainHeaders the header values as the caller just gave them (answered back once),
   *     or null: every value is answered masked
   */
  static WebhookView of(Subscription s, DeliveryPolicy policy, String secret, HealthView health,
      Map<String, String> plainHeaders) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    s.headers().keySet().forEach(name -> headers.put(name,
        plainHeaders != null && plainHeaders.containsKey(name) ? plainHeaders.get(name) : MASKED));
    return new WebhookView(s.id().value(), s.tenant().value(), s.url(), s.events(), s.name(),
        s.description(), s.enabled(), headers, policy.timeoutMs(), s.maxInFlight(),
        s.rateLimitPerSecond(), s.effectiveSignature(), !s.secrets().isEmpty(), s.filter(),
        s.verifiesTls(), s.preset(), s.template(), policy.retrySchedule(),
        policy.successStatuses().isEmpty() ? null : policy.successStatuses(),
        AutoDisableView.of(policy.autoDisable()), s.disabledReason(), s.disabledAt(),
        s.createdAt(), s.updatedAt(), Math.max(1, s.version()), health, secret);
  }
}
