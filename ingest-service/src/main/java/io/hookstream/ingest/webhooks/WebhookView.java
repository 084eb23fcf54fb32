package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as answered. The plaintext secret appears only in the answer that created or
 * rotated it (or a PATCH that had to generate one); {@code signed} says whether requests carry a
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
    String disabledReason,
    Instant disabledAt,
    Instant createdAt,
    Instant updatedAt,
    HealthView health,
    String secret) {

  static WebhookView of(Subscription s) {
    return of(s, null);
  }

  static WebhookView of(Subscription s, String secret) {
    return of(s, secret, null);
  }

  static WebhookView of(Subscription s, String secret, HealthView health) {
    return new WebhookView(s.id().value(), s.tenant().value(), s.url(), s.events(), s.name(),
        s.description(), s.enabled(), s.headers(), s.effectiveTimeoutMs(), s.maxInFlight(),
        s.rateLimitPerSecond(), s.effectiveSignature(), !s.secrets().isEmpty(), s.filter(),
        s.verifiesTls(), s.disabledReason(), s.disabledAt(), s.createdAt(), s.updatedAt(), health,
        secret);
  }
}
