package io.hookstream.ingest.webhooks;

import io.hookstream.model.AutoDisablePolicy;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.retry.RetrySchedule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compatibility presets: the signature profile, template and delivery policy that reproduce how a
 * product documents its webhooks, so its receivers move onto Hookstream unchanged. A field given
 * explicitly in a request overrides the preset's; an absent preset field means the default.
 */
enum Preset {
  STANDARD_WEBHOOKS("standard-webhooks", null, null, null, null, null, null),

  /** The object's fields at the top level, {@code changed_attributes} beside them when given. */
  PROPSTACK("propstack", new SignatureProfile(Scheme.HMAC_SHA256_HEX, "X-Propstack-Signature", null),
      "$exists(event.changedAttributes)"
          + " ? $merge([event.data, {\"changed_attributes\": event.changedAttributes}])"
          + " : event.data",
      null, null, null, null),

  /** {@code {id, type, payload}}. */
  PROTOCOL("protocol", new SignatureProfile(Scheme.HMAC_SHA256_HEX, "x-protocol-signature", null),
      "{\"id\": event.id, \"type\": event.type, \"payload\": event.data}",
      null, null, null, null),

  /** 5 s timeout, five retries with exponential backoff. */
  PLEXTRAC("plextrac",
      new SignatureProfile(Scheme.HMAC_SHA256_HEX, "X-Authorization-HMAC-256", null), null,
      RetrySchedule.parse("30s,1m,2m,4m,8m"), 5_000, null, null),

  /** {@code {id, type, created, data}}, the timestamp signed with the body, retries 5m to 10h. */
  REAL_ESTATE("real-estate", new SignatureProfile(Scheme.HMAC_SHA256_HEX_TIMESTAMP,
      "x-webhook-signature", "x-webhook-timestamp"),
      "{\"id\": event.id, \"type\": event.type, \"created\": event.timestamp,"
          + " \"data\": event.data}",
      RetrySchedule.parse("5m,30m,2h,5h,10h"), null, null, null),

  /** Dastra's envelope, 10 s timeout, success only on 200, no retries, blocked after 5 failures. */
  DASTRA("dastra", new SignatureProfile(Scheme.HMAC_SHA256_BASE64, "Dastra-Signature", null),
      "{\"webhookId\": subscription.id, \"signatureUrl\": subscription.url,"
          + " \"userId\": $exists(event.metadata.userId) ? event.metadata.userId : null,"
          + " \"eventType\": eventType.name,"
          + " \"eventName\": $exists(eventType.title) ? eventType.title : eventType.name,"
          + " \"data\": event.data, \"date\": event.timestamp}",
      RetrySchedule.NONE, 10_000, List.of(200), new AutoDisablePolicy(null, null, 5));

  final String wireName;
  final SignatureProfile signature;
  final String template;
  final RetrySchedule retrySchedule;
  final Integer timeoutMs;
  final List<Integer> successStatuses;
  final AutoDisablePolicy autoDisable;

  Preset(String wireName, SignatureProfile signature, String template,
      RetrySchedule retrySchedule, Integer timeoutMs, List<Integer> successStatuses,
      AutoDisablePolicy autoDisable) {
    this.wireName = wireName;
    this.signature = signature;
    this.template = template;
    this.retrySchedule = retrySchedule;
    this.timeoutMs = timeoutMs;
    this.successStatuses = successStatuses;
    this.autoDisable = autoDisable;
  }

  static Optional<Preset> of(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.wireName.equals(lower)).findFirst();
  }

  static String names() {
    return String.join(", ", Arrays.stream(values()).map(p -> p.wireName).toList());
  }

  /** The preset's signature profile; Standard Webhooks when it sets none. */
  SignatureProfile profile() {
    return signature != null ? signature : SignatureProfile.STANDARD;
  }
}
