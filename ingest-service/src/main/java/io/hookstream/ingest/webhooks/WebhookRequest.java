package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.JsonInput;

import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a webhook's create or PATCH body into the subscription to write, validating every field
 * first, so a refused request writes nothing. Secrets are sealed here; the plaintext leaves only
 * in the answer that created or rotated it.
 */
final class WebhookRequest {
  static final Set<String> FIELDS = Set.of("url", "events", "secret", "name", "description",
      "enabled", "headers", "timeoutMs", "maxInFlight", "rateLimitPerSecond", "signature",
      "filter", "sslVerification");
  /** Rotated-out secrets kept signing at once, at most. */
  static final int MAX_SECRETS = 5;

  /** What the API needs to judge and store a webhook. */
  record Context(Collection<String> catalog, TargetPolicy targets, HostResolver resolver,
      SecretBox box, Clock clock, Duration secretGrace) {}

  /** The subscription to write, and the plaintext secret to answer (null: none to show). */
  record Result(Subscription subscription, String secret) {}

  private final Context ctx;

  WebhookRequest(Context ctx) {
    this.ctx = ctx;
  }

  Result create(JsonInput in, TenantId tenant) {
    in.allowOnly(FIELDS);
    Instant now = ctx.clock().instant();
    SignatureProfile profile = in.has("signature")
        ? WebhookRules.signature(in.node("signature")) : SignatureProfile.STANDARD;
    Subscription.Builder b = Subscription.builder(SubscriptionId.generate(ctx.clock()), tenant,
            url(in.requiredString("url", WebhookRules.MAX_URL_LENGTH)))
        .events(events(in).orElseThrow(() -> JsonInput.missing("events")))
        .signature(profile.scheme().standard() ? null : profile)
        .createdAt(now).updatedAt(now);
    applyOptional(in, b, profile);
    String secret;
    if (in.isExplicitNull("secret")) {
      if (profile.scheme().standard()) {
        throw ApiException.invalid("secret", "standard-webhooks signs every request: omit secret"
            + " to have one generated");
      }
      secret = null;
    } else {
      secret = in.optionalString("secret", WebhookRules.MAX_LEGACY_SECRET)
          .map(s -> WebhookRules.secret(s, profile.scheme()))
          .orElseGet(() -> WebhookRules.generateSecret(profile.scheme()));
    }
    Subscription draft = b.build();
    return new Result(draft.toBuilder().secrets(secret == null ? List.of()
        : List.of(sealed(draft, secret, now))).build(), secret);
  }

  /** Applies the fields present; {@code null} clears an optional field. */
  Result patch(JsonInput in, Subscription current) {
    in.allowOnly(FIELDS);
    Instant now = ctx.clock().instant();
    SignatureProfile profile = current.effectiveSignature();
    if (in.present("signature")) {
      profile = in.isExplicitNull("signature") ? SignatureProfile.STANDARD
          : WebhookRules.signature(in.node("signature"));
    }
    Subscription.Builder b = current.toBuilder()
        .signature(profile.scheme().standard() ? null : profile).updatedAt(now);
    for (String required : List.of("url", "events", "enabled", "sslVerification")) {
      if (in.isExplicitNull(required)) {
        throw ApiException.invalid(required, required + " cannot be null");
      }
    }
    in.optionalString("url", WebhookRules.MAX_URL_LENGTH).ifPresent(u -> b.url(url(u)));
    events(in).ifPresent(b::events);
    if (!in.present("headers")) {
      b.headers(WebhookRules.headers(current.headers(), profile)); // still fits the profile?
    }
    clearIfNull(in, b);
    applyOptional(in, b, profile);

    String answered = null;
    boolean familyChanged = profile.scheme().standard() != current.effectiveSignature().scheme().standard();
    Subscription draft = b.build();
    if (in.present("secret")) {
      if (in.isExplicitNull("secret")) {
        if (profile.scheme().standard()) {
          throw ApiException.invalid("secret", "standard-webhooks signs every request: a secret"
              + " cannot be removed");
        }
        b.secrets(List.of());
      } else {
        String given = WebhookRules.secret(in.requiredString("secret",
            WebhookRules.MAX_LEGACY_SECRET), profile.scheme());
        b.secrets(List.of(sealed(draft, given, now)));
      }
    } else if (familyChanged) {
      answered = WebhookRules.generateSecret(profile.scheme());
      b.secrets(List.of(sealed(draft, answered, now)));
    }
    if (in.optionalBoolean("enabled").orElse(false)) {
      b.enabled(true);
    }
    return new Result(b.build(), answered);
  }

  /** A new primary secret; the active ones keep signing for the grace period. */
  Result rotate(JsonInput in, Subscription current) {
    in.allowOnly(Set.of("secret"));
    Instant now = ctx.clock().instant();
    Scheme scheme = current.effectiveSignature().scheme();
    String secret = in.optionalString("secret", WebhookRules.MAX_LEGACY_SECRET)
        .map(s -> WebhookRules.secret(s, scheme))
        .orElseGet(() -> WebhookRules.generateSecret(scheme));
    Instant graceEnd = now.plus(ctx.secretGrace());
    List<SigningSecret> secrets = new ArrayList<>();
    secrets.add(sealed(current, secret, now));
    for (SigningSecret old : current.activeSecrets(now)) {
      if (secrets.size() == MAX_SECRETS) {
        break;
      }
      Instant expires = old.expiresAt() == null || old.expiresAt().isAfter(graceEnd)
          ? graceEnd : old.expiresAt();
      if (expires.isAfter(now)) {
        secrets.add(new SigningSecret(old.value(), old.createdAt(), expires));
      }
    }
    return new Result(current.toBuilder().secrets(secrets).updatedAt(now).build(), secret);
  }

  private void applyOptional(JsonInput in, Subscription.Builder b, SignatureProfile profile) {
    in.optionalString("name", 200).ifPresent(b::name);
    in.optionalString("description", 1000).ifPresent(b::description);
    in.optionalBoolean("enabled").ifPresent(on -> {
      if (!on) {
        b.enabled(false).disabledReason("disabled through the API")
            .disabledAt(ctx.clock().instant());
      }
    });
    in.optionalStringMap("headers", WebhookRules.MAX_HEADERS, WebhookRules.MAX_HEADER_VALUE)
        .ifPresent(h -> b.headers(WebhookRules.headers(h, profile)));
    in.optionalInt("timeoutMs", WebhookRules.MIN_TIMEOUT_MS, WebhookRules.MAX_TIMEOUT_MS)
        .ifPresent(b::timeoutMs);
    in.optionalInt("maxInFlight", 1, WebhookRules.MAX_IN_FLIGHT).ifPresent(b::maxInFlight);
    in.optionalInt("rateLimitPerSecond", 1, WebhookRules.MAX_RATE_PER_SECOND)
        .ifPresent(b::rateLimitPerSecond);
    in.optionalBoolean("sslVerification").ifPresent(b::sslVerification);
    if (in.has("filter")) {
      b.filter(WebhookRules.filter(in.node("filter")));
    }
  }

  private static void clearIfNull(JsonInput in, Subscription.Builder b) {
    if (in.isExplicitNull("name")) {
      b.name(null);
    }
    if (in.isExplicitNull("description")) {
      b.description(null);
    }
    if (in.isExplicitNull("headers")) {
      b.headers(Map.of());
    }
    if (in.isExplicitNull("timeoutMs")) {
      b.timeoutMs(null);
    }
    if (in.isExplicitNull("maxInFlight")) {
      b.maxInFlight(null);
    }
    if (in.isExplicitNull("rateLimitPerSecond")) {
      b.rateLimitPerSecond(null);
    }
    if (in.isExplicitNull("filter")) {
      b.filter(null);
    }
  }

  private String url(String raw) {
    return WebhookRules.url(raw, ctx.targets(), ctx.resolver());
  }

  private java.util.Optional<List<String>> events(JsonInput in) {
    return in.optionalStringList("events", WebhookRules.MAX_EVENTS, 128)
        .map(e -> WebhookRules.events(e, ctx.catalog()));
  }

  private SigningSecret sealed(Subscription sub, String plaintext, Instant now) {
    return new SigningSecret(ctx.box().seal(plaintext, sub.topicKey()), now, null);
  }
}
