package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.model.BatchPolicy;
import io.hookstream.model.EndpointAuth;
import io.hookstream.model.EventType;
import io.hookstream.model.OnExhausted;
import io.hookstream.model.Ordering;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import io.hookstream.templates.PayloadTemplate;
import io.hookstream.templates.Templates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a webhook's create or PATCH body into the subscription to write, validating every field
 * first, so a refused request writes nothing. A {@code preset} fills the signature profile,
 * template and delivery policy; a field given explicitly (null included) overrides it. Secrets
 * are sealed here; the plaintext leaves only in the answer that created or rotated it.
 */
final class WebhookRequest {
  static final Set<String> FIELDS = Set.of("url", "events", "secret", "name", "description",
      "enabled", "headers", "timeoutMs", "maxInFlight", "rateLimitPerSecond", "signature",
      "filter", "sslVerification", "template", "preset", "retrySchedule", "successStatuses",
      "autoDisable", "ordering", "onExhausted", "batch", "auth");

  /** What the API needs to judge and store a webhook. */
  record Context(Collection<EventType> catalog, Tenant tenant, TargetPolicy targets,
      HostResolver resolver, SecretBox box, Clock clock, Duration secretGrace,
      Templates templates) {
    List<String> catalogNames() {
      return catalog.stream().map(EventType::name).toList();
    }
  }

  /**
   * The subscription to write, the plaintext secret to answer (null: none to show), and the
   * custom headers as given, before sealing (null when the request set none).
   */
  record Result(Subscription subscription, String secret, Map<String, String> headers) {}

  private final Context ctx;

  WebhookRequest(Context ctx) {
    this.ctx = ctx;
  }

  Result create(JsonInput in, TenantId tenant) {
    return create(in, tenant, SubscriptionId.generate(ctx.clock()));
  }

  /** A new webhook with this id (a preview uses a placeholder). */
  Result create(JsonInput in, TenantId tenant, SubscriptionId id) {
    return create(in, tenant, id, null);
  }

  /**
   * The same; {@code secretSeed}, when given, makes the generated secret (when the request gives
   * none) the same on every retry of an idempotent create.
   */
  Result create(JsonInput in, TenantId tenant, SubscriptionId id, byte[] secretSeed) {
    in.allowOnly(FIELDS);
    Instant now = ctx.clock().instant();
    Optional<Preset> preset = preset(in);
    SignatureProfile profile = in.has("signature") ? WebhookRules.signature(in.node("signature"))
        : preset.map(Preset::profile).orElse(SignatureProfile.STANDARD);
    Subscription.Builder b = Subscription.builder(id, tenant,
            url(in.requiredString("url", WebhookRules.MAX_URL_LENGTH)))
        .events(events(in).orElseThrow(() -> JsonInput.missing("events")))
        .signature(profile.scheme().standard() ? null : profile)
        .preset(preset.map(p -> p.wireName).orElse(null))
        .createdAt(now).updatedAt(now).version(1);
    preset.ifPresent(p -> applyPreset(p, in, b));
    applyOptional(in, b, profile, Subscription.topicKey(tenant, id));
    String secret;
    if (in.isExplicitNull("secret")) {
      if (profile.scheme().standardHeaders()) {
        throw ApiException.invalid("secret", profile.scheme().wireName() + " signs every"
            + " request: omit secret to have one generated");
      }
      secret = null;
    } else {
      secret = in.optionalString("secret", WebhookRules.MAX_LEGACY_SECRET)
          .map(s -> WebhookRules.secret(s, profile.scheme()))
          .orElseGet(() -> secretSeed != null ? WebhookRules.secretFrom(profile.scheme(), secretSeed)
              : WebhookRules.generateSecret(profile.scheme()));
    }
    Subscription draft = authorized(ordered(in, b.build()));
    checkTemplate(draft);
    return new Result(draft.toBuilder().secrets(secret == null ? List.of()
        : List.of(sealed(draft, secret, now))).build(), secret, givenHeaders(in));
  }

  /** Applies the fields present; {@code null} clears an optional field. */
  Result patch(JsonInput in, Subscription current) {
    in.allowOnly(FIELDS);
    Instant now = ctx.clock().instant();
    Optional<Preset> preset = preset(in);
    SignatureProfile profile = current.effectiveSignature();
    if (in.present("signature")) {
      profile = in.isExplicitNull("signature") ? SignatureProfile.STANDARD
          : WebhookRules.signature(in.node("signature"));
    } else if (preset.isPresent()) {
      profile = preset.get().profile();
    }
    Subscription.Builder b = current.toBuilder()
        .signature(profile.scheme().standard() ? null : profile).updatedAt(now)
        .version(current.version() + 1);
    for (String required : List.of("url", "events", "enabled", "sslVerification")) {
      if (in.isExplicitNull(required)) {
        throw ApiException.invalid(required, required + " cannot be null");
      }
    }
    in.optionalString("url", WebhookRules.MAX_URL_LENGTH).ifPresent(u -> b.url(url(u)));
    events(in).ifPresent(b::events);
    if (in.isExplicitNull("preset")) {
      b.preset(null);
    }
    preset.ifPresent(p -> {
      b.preset(p.wireName);
      applyPreset(p, in, b);
    });
    if (!in.present("headers")) {
      b.headers(WebhookRules.headers(current.headers(), profile)); // still fits the profile?
    }
    clearIfNull(in, b);
    applyOptional(in, b, profile, current.topicKey());

    String answered = null;
    boolean familyChanged = !profile.scheme().secretKind()
        .equals(current.effectiveSignature().scheme().secretKind());
    Subscription draft = b.build();
    if (in.present("secret")) {
      if (in.isExplicitNull("secret")) {
        if (profile.scheme().standardHeaders()) {
          throw ApiException.invalid("secret", profile.scheme().wireName() + " signs every"
              + " request: a secret cannot be removed");
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
    Subscription changed = authorized(ordered(in, b.build()));
    if (in.present("template") || in.present("events") || preset.isPresent()) {
      checkTemplate(changed);
    }
    return new Result(changed, answered, givenHeaders(in));
  }

  /** A new primary secret (sealed), to be added by the owner to the secrets current then. */
  record Rotation(SigningSecret primary, Instant graceEnd, String plaintext) {}

  /** A new primary secret; the active ones keep signing for the grace period. */
  Rotation rotate(JsonInput in, Subscription current) {
    in.allowOnly(Set.of("secret"));
    Instant now = ctx.clock().instant();
    Scheme scheme = current.effectiveSignature().scheme();
    String secret = in.optionalString("secret", WebhookRules.MAX_LEGACY_SECRET)
        .map(s -> WebhookRules.secret(s, scheme))
        .orElseGet(() -> WebhookRules.generateSecret(scheme));
    return new Rotation(sealed(current, secret, now), now.plus(ctx.secretGrace()), secret);
  }

  private static Optional<Preset> preset(JsonInput in) {
    return in.optionalString("preset", 64).map(name -> Preset.of(name).orElseThrow(() ->
        ApiException.invalid("preset", "preset must be one of " + Preset.names())));
  }

  /** The preset's template and policy, for each field the request does not give itself. */
  private static void applyPreset(Preset p, JsonInput in, Subscription.Builder b) {
    if (!in.present("template")) {
      b.template(p.template);
    }
    if (!in.present("retrySchedule")) {
      b.retrySchedule(p.retrySchedule);
    }
    if (!in.present("timeoutMs")) {
      b.timeoutMs(p.timeoutMs);
    }
    if (!in.present("successStatuses")) {
      b.successStatuses(p.successStatuses);
    }
    if (!in.present("autoDisable")) {
      b.autoDisable(p.autoDisable);
    }
  }

  private void applyOptional(JsonInput in, Subscription.Builder b, SignatureProfile profile,
      String key) {
    in.optionalLabel("name", 200).ifPresent(b::name);
    in.optionalString("description", 1000).ifPresent(b::description);
    in.optionalBoolean("enabled").ifPresent(on -> {
      if (!on) {
        b.enabled(false).disabledReason("disabled through the API")
            .disabledAt(ctx.clock().instant());
      }
    });
    in.optionalStringMap("headers", WebhookRules.MAX_HEADERS, WebhookRules.MAX_HEADER_VALUE)
        .ifPresent(h -> b.headers(sealedHeaders(key, WebhookRules.headers(h, profile))));
    in.optionalInt("timeoutMs", WebhookRules.MIN_TIMEOUT_MS, WebhookRules.MAX_TIMEOUT_MS)
        .ifPresent(b::timeoutMs);
    in.optionalInt("maxInFlight", 1, WebhookRules.MAX_IN_FLIGHT).ifPresent(b::maxInFlight);
    in.optionalInt("rateLimitPerSecond", 1, WebhookRules.MAX_RATE_PER_SECOND)
        .ifPresent(b::rateLimitPerSecond);
    in.optionalBoolean("sslVerification").ifPresent(b::sslVerification);
    if (in.has("filter")) {
      b.filter(WebhookRules.filter(in.node("filter")));
    }
    if (in.has("template")) {
      if (!in.node("template").isTextual()) {
        throw JsonInput.wrongType("template", "a JSONata expression, as a string");
      }
      b.template(in.requiredString("template", PayloadTemplate.MAX_SOURCE_CHARS));
    }
    if (in.has("retrySchedule")) {
      b.retrySchedule(PolicyFields.retrySchedule(in.node("retrySchedule"), "retrySchedule"));
    }
    if (in.has("successStatuses")) {
      b.successStatuses(PolicyFields.successStatuses(in.node("successStatuses"),
          "successStatuses"));
    }
    if (in.has("autoDisable")) {
      b.autoDisable(PolicyFields.autoDisable(in.node("autoDisable"), null, "autoDisable"));
    }
    in.optionalString("ordering", 16).ifPresent(o -> b.ordering(switch (o) {
      case "none" -> null;
      case "fifo" -> Ordering.FIFO;
      default -> throw ApiException.invalid("ordering", "ordering must be none or fifo");
    }));
    in.optionalString("onExhausted", 16).ifPresent(o -> b.onExhausted(switch (o) {
      case "skip" -> OnExhausted.SKIP;
      case "halt" -> OnExhausted.HALT;
      default -> throw ApiException.invalid("onExhausted", "onExhausted must be skip or halt");
    }));
    if (in.has("auth")) {
      b.auth(WebhookRules.auth(in.node("auth"), ctx.targets(), ctx.resolver()).sealed(
          (field, value) -> ctx.box().seal(value, EndpointAuth.context(key, field))));
    }
    if (in.has("batch")) {
      if (!in.node("batch").isObject()) {
        throw JsonInput.wrongType("batch", "an object {maxEvents}");
      }
      JsonInput batch = JsonInput.of((com.fasterxml.jackson.databind.node.ObjectNode)
          in.node("batch"), "batch.");
      batch.allowOnly(Set.of("maxEvents"));
      b.batch(new BatchPolicy(batch.optionalInt("maxEvents", 1, BatchPolicy.MAX_EVENTS)
          .orElseThrow(() -> JsonInput.missing("batch.maxEvents"))));
    }
  }

  /**
   * The ordering fields fit together: {@code onExhausted} and {@code batch} belong to FIFO
   * webhooks (given with another ordering they are refused; left from before, they go with it),
   * and a FIFO webhook has one request in flight.
   */
  /**
   * Endpoint credentials fit the rest: a header cannot also set {@code Authorization} when
   * {@code auth} does, and a client certificate needs an https URL.
   */
  private static Subscription authorized(Subscription draft) {
    EndpointAuth auth = draft.auth();
    if (auth == null) {
      return draft;
    }
    if (auth.type() != EndpointAuth.Type.MTLS && draft.headers().keySet().stream()
        .anyMatch(h -> h.equalsIgnoreCase("authorization"))) {
      throw ApiException.invalid("auth", "auth sets the Authorization header; remove it from"
          + " headers");
    }
    if (auth.mtls() && !draft.url().regionMatches(true, 0, "https:", 0, 6)) {
      throw ApiException.invalid("auth", "a client certificate (mtls) needs an https url");
    }
    return draft;
  }

  private static Subscription ordered(JsonInput in, Subscription draft) {
    if (draft.fifo()) {
      if (draft.maxInFlight() != null && draft.maxInFlight() > 1) {
        throw ApiException.invalid("maxInFlight", "a FIFO webhook (ordering: fifo) has one"
            + " request in flight; omit maxInFlight");
      }
      return draft;
    }
    for (String field : List.of("onExhausted", "batch")) {
      if (in.has(field)) {
        throw ApiException.invalid(field, field + " applies to FIFO webhooks only: set ordering"
            + " to fifo");
      }
    }
    return draft.toBuilder().onExhausted(null).batch(null).haltedAt(null).haltedReason(null)
        .build();
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
    if (in.isExplicitNull("template")) {
      b.template(null);
    }
    if (in.isExplicitNull("retrySchedule")) {
      b.retrySchedule(null);
    }
    if (in.isExplicitNull("successStatuses")) {
      b.successStatuses(null);
    }
    if (in.isExplicitNull("autoDisable")) {
      b.autoDisable(null);
    }
    if (in.isExplicitNull("ordering")) {
      b.ordering(null);
    }
    if (in.isExplicitNull("onExhausted")) {
      b.onExhausted(null);
    }
    if (in.isExplicitNull("batch")) {
      b.batch(null);
    }
    if (in.isExplicitNull("auth")) {
      b.auth(null);
    }
  }

  private void checkTemplate(Subscription draft) {
    TemplateCheck.check(draft, ctx.catalog(), ctx.tenant(), ctx.templates(),
        ctx.clock().instant());
  }

  private String url(String raw) {
    return WebhookRules.url(raw, ctx.targets(), ctx.resolver());
  }

  private Optional<List<String>> events(JsonInput in) {
    return in.optionalStringList("events", WebhookRules.MAX_EVENTS, 128)
        .map(e -> WebhookRules.events(e, ctx.catalogNames()));
  }

  /**
   * Custom header values are credentials often enough (the README sends users there for them):
   * sealed like signing secrets, bound to the subscription and the header's name.
   */
  private Map<String, String> sealedHeaders(String key, Map<String, String> plain) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    plain.forEach((name, value) -> out.put(name,
        ctx.box().seal(value, Subscription.headerContext(key, name))));
    return out;
  }

  private static Map<String, String> givenHeaders(JsonInput in) {
    return in.optionalStringMap("headers", WebhookRules.MAX_HEADERS,
        WebhookRules.MAX_HEADER_VALUE).orElse(null);
  }

  private SigningSecret sealed(Subscription sub, String plaintext, Instant now) {
    return new SigningSecret(ctx.box().seal(plaintext, sub.topicKey()), now, null);
  }
}
