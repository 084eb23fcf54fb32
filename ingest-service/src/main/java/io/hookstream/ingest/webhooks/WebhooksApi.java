package io.hookstream.ingest.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;
import io.hookstream.ingest.api.Page;
import io.hookstream.ingest.api.Preconditions;
import io.hookstream.ingest.api.TooManyRequests;
import io.hookstream.ingest.catalog.CommandRefused;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.events.EventsApi;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.json.CanonicalJson;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.EventType;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.outbound.Outbound;
import io.hookstream.outbound.Prepared;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.signing.Ed25519Keys;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.Templates;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subscriptions under {@code /v1/tenants/{tenant}/webhooks}: create, list, read, change, delete,
 * rotate the signing secret, and preview the exact request a webhook would get.
 */
public final class WebhooksApi {
  static final SubscriptionId PREVIEW_ID = SubscriptionId.of("sub_preview");
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Set<String> PREVIEW_EVENT_FIELDS = Set.of("id", "type", "data",
      "changedAttributes", "timestamp", "metadata");

  private final Catalog catalog;
  private final Auth auth;
  private final Settings settings;
  private final Clock clock;
  private final StoreQueries queries;
  private final Outbound outbound;

  /** How webhooks are judged, sealed and previewed, fixed at start. */
  public record Settings(TargetPolicy targets, HostResolver resolver, SecretBox box,
      Duration secretGrace, RetrySchedule retrySchedule, Templates templates,
      int maxPerTenant) {}

  public WebhooksApi(Catalog catalog, Auth auth, Settings settings, Clock clock,
      StoreQueries queries, Outbound outbound) {
    this.catalog = catalog;
    this.auth = auth;
    this.settings = settings;
    this.clock = clock;
    this.queries = queries;
    this.outbound = outbound;
  }

  public void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/webhooks", this::create);
    app.post("/v1/tenants/{tenant}/webhooks/preview", this::preview);
    app.get("/v1/tenants/{tenant}/webhooks", this::list);
    app.get("/v1/tenants/{tenant}/webhooks/{id}", this::get);
    app.patch("/v1/tenants/{tenant}/webhooks/{id}", this::patch);
    app.delete("/v1/tenants/{tenant}/webhooks/{id}", this::delete);
    app.post("/v1/tenants/{tenant}/webhooks/{id}/rotate-secret", this::rotate);
    app.get("/v1/tenants/{tenant}/webhooks/{id}/secret", this::secret);
    app.post("/v1/tenants/{tenant}/webhooks/{id}/resume", this::resume);
    app.get("/v1/tenants/{tenant}/webhooks/{id}/public-keys", this::publicKeysOf);
    app.get("/v1/webhooks", this::acrossTenants);
  }

  private WebhookRequest request(TenantId tenant) {
    return new WebhookRequest(new WebhookRequest.Context(catalog.eventTypes(),
        catalog.tenant(tenant).orElse(null), settings.targets(), settings.resolver(),
        settings.box(), clock, settings.secretGrace(), settings.templates()));
  }

  private WebhookView view(Subscription sub, String secret, HealthView health) {
    return view(sub, secret, health, null);
  }

  private WebhookView view(Subscription sub, String secret, HealthView health,
      Map<String, String> plainHeaders) {
    DeliveryPolicy policy = DeliveryPolicy.of(sub, catalog.tenant(sub.tenant()).orElse(null),
        settings.retrySchedule());
    return WebhookView.of(sub, policy, secret, health, plainHeaders,
        sub.fifo() ? catalog.fifoState(sub.id()).orElse(null) : null,
        publicKeys(sub).stream().findFirst().map(k -> (String) k.get("publicKey")).orElse(null));
  }

  /**
   * The public keys of an Ed25519 webhook's signing keys still in use, newest (the primary)
   * first, each with when it was made and, for one rotated out, when it stops signing; empty for
   * any other scheme.
   */
  private List<Map<String, Object>> publicKeys(Subscription sub) {
    if (!sub.effectiveSignature().scheme().asymmetric()) {
      return List.of();
    }
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (io.hookstream.model.SigningSecret s : sub.activeSecrets(clock.instant())) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("publicKey", Ed25519Keys.publicKey(settings.box().open(s.value(), sub.topicKey())));
      one.put("createdAt", s.createdAt());
      if (s.expiresAt() != null) {
        one.put("expiresAt", s.expiresAt());
      }
      out.add(one);
    }
    return out;
  }

  /** {@code GET …/public-keys}: what a receiver verifies {@code v1a} signatures with. */
  private void publicKeysOf(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = find(ctx, tenant);
    if (!sub.effectiveSignature().scheme().asymmetric()) {
      throw new ApiException(409, "not_asymmetric", "this webhook signs with "
          + sub.effectiveSignature().scheme().wireName() + ", which has no public key; only"
          + " standard-webhooks-ed25519 does", null);
    }
    ctx.json(Map.of("data", publicKeys(sub)));
  }

  /**
   * Creates a webhook. With an {@code Idempotency-Key}, its id (and a generated secret) follow
   * from the key, so a retry of the same request answers the same webhook and secret instead of
   * making another; the same key with a different URL or events answers 409.
   */
  private void create(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes());
    if (catalog.subscriptions(tenant).size() >= settings.maxPerTenant()) {
      throw new TooManyRequests("tenant " + tenant + " has " + settings.maxPerTenant()
          + " webhooks, the most it may have (HOOKSTREAM_MAX_WEBHOOKS_PER_TENANT)", 0);
    }
    String key = ctx.header(IDEMPOTENCY_KEY);
    if (key == null) {
      WebhookRequest.Result result = request(tenant).create(in, tenant);
      created(ctx, catalog.createSubscription(result.subscription()), result);
      return;
    }
    if (key.isBlank() || key.length() > 255 || !EventId.isValid(key)) {
      throw ApiException.invalid(IDEMPOTENCY_KEY,
          "Idempotency-Key must be 1-255 printable ASCII characters without spaces");
    }
    SubscriptionId id = SubscriptionId.forIdempotencyKey(tenant, key);
    WebhookRequest.Result result = request(tenant).create(in, tenant, id,
        settings.box().derive("webhook-secret:" + id));
    Subscription made;
    try {
      made = catalog.subscription(tenant, id)
          .orElseGet(() -> catalog.createSubscription(result.subscription()));
    } catch (CommandRefused e) {
      if (e.status() != 409) {
        throw e;
      }
      made = catalog.subscription(tenant, id).orElseThrow(() -> e); // a concurrent retry won
    }
    Subscription wanted = result.subscription();
    if (!made.url().equals(wanted.url()) || !made.events().equals(wanted.events())) {
      throw new ApiException(409, "idempotency_key_reused", "this Idempotency-Key was used for"
          + " another webhook (url or events differ)", IDEMPOTENCY_KEY);
    }
    created(ctx, made, result);
  }

  private void created(Context ctx, Subscription sub, WebhookRequest.Result request) {
    Preconditions.etag(ctx, sub.version());
    ctx.status(201).json(view(sub, request.secret(), null, request.headers()));
  }

  /**
   * The exact request a webhook with these fields would get for {@code event}: body and
   * headers, signature included. Creates nothing. A secret generated for it is answered, so the
   * signature can be checked.
   */
  private void preview(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    JsonInput in = JsonInput.parse(ctx.bodyAsBytes());
    if (!in.has("event")) {
      throw JsonInput.missing("event");
    }
    JsonNode eventNode = in.node("event");
    if (!eventNode.isObject()) {
      throw JsonInput.wrongType("event", "an object {type, data, id?, changedAttributes?,"
          + " timestamp?, metadata?}");
    }
    WebhookRequest.Result result = request(tenant).create(in.without("event"), tenant,
        PREVIEW_ID);
    Subscription draft = result.subscription();
    Event event = previewEvent(JsonInput.of((ObjectNode) eventNode, "event."), tenant);
    Prepared request;
    try {
      // As the webhook's first delivery: webhook-sequence 1.
      request = outbound.prepare(SampleEvents.task(event, draft).withSequence(1), draft,
          clock.instant());
    } catch (TemplateException e) {
      throw new ApiException(422, "invalid_template", "the template fails for this event: "
          + e.getMessage(), "template");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("method", "POST");
    answer.put("url", request.url());
    answer.put("headers", request.headers());
    answer.put("body", new String(request.body(), StandardCharsets.UTF_8));
    if (result.secret() != null && !in.has("secret")) {
      answer.put("secret", result.secret());
    }
    ctx.json(answer);
  }

  private Event previewEvent(JsonInput in, TenantId tenant) {
    in.allowOnly(PREVIEW_EVENT_FIELDS);
    String type = in.requiredString("type", 128);
    EventType eventType = catalog.eventType(type).orElseThrow(() -> new ApiException(422,
        "unknown_event_type", "event.type " + type + " is not in the event catalog", "event.type"));
    JsonNode data = in.has("data") ? in.node("data") : SampleEvents.data(eventType);
    if (!data.isObject()) {
      throw JsonInput.wrongType("event.data", "a JSON object");
    }
    String rawId = in.optionalString("id", EventId.MAX_LENGTH).orElse(null);
    if (rawId != null && !EventId.isValid(rawId)) {
      throw ApiException.invalid("event.id", "event.id must be printable ASCII without spaces");
    }
    EventId id = rawId != null ? EventId.of(rawId) : EventId.generate(clock);
    Instant at = in.optionalString("timestamp", 64).map(EventsApi::timestamp)
        .orElseGet(clock::instant);
    RawJson metadata = null;
    if (in.has("metadata")) {
      if (!in.node("metadata").isObject()) {
        throw JsonInput.wrongType("event.metadata", "a JSON object");
      }
      metadata = RawJson.ofTrustedBytes(CanonicalJson.toBytes(in.node("metadata")));
    }
    List<String> changed = in.optionalStringList("changedAttributes", 1000, 256).orElse(null);
    return Event.create(id, tenant, type, at, RawJson.ofTrustedBytes(CanonicalJson.toBytes(data)),
        changed, metadata);
  }

  /**
   * Changes the fields given, and only those: the owner applies them to the webhook as it is
   * then, so concurrent changes of other fields are kept ({@code If-Match} to refuse instead).
   */
  private void patch(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription current = find(ctx, tenant);
    WebhookRequest.Result result = request(tenant).patch(JsonInput.parse(ctx.bodyAsBytes()),
        current);
    Subscription applied = catalog.changeSubscription(current, result.subscription(),
        Preconditions.ifMatch(ctx));
    Preconditions.etag(ctx, applied.version());
    ctx.json(view(applied, result.secret(), null, result.headers()));
  }

  /**
   * A FIFO webhook halted on its head (or disabled) sends again: its head is retried on a fresh
   * schedule, its backlog behind it in order. A FIFO webhook already sending answers as it is;
   * any other webhook 409.
   */
  private void resume(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription current = find(ctx, tenant);
    if (!current.fifo()) {
      throw new ApiException(409, "not_fifo", "only a FIFO webhook (ordering: fifo) halts and"
          + " resumes; enable this one with PATCH {\"enabled\": true}", null);
    }
    Subscription applied = catalog.resume(current, Preconditions.ifMatch(ctx));
    Preconditions.etag(ctx, applied.version());
    ctx.json(view(applied, null, null));
  }

  private void rotate(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription current = find(ctx, tenant);
    byte[] body = ctx.bodyAsBytes();
    JsonInput in = JsonInput.parse(body.length == 0 ? "{}".getBytes() : body);
    WebhookRequest.Rotation rotation = request(tenant).rotate(in, current);
    Subscription applied = catalog.rotateSecret(current, rotation.primary(),
        rotation.graceEnd(), Preconditions.ifMatch(ctx));
    Preconditions.etag(ctx, applied.version());
    ctx.json(view(applied, rotation.plaintext(), null));
  }

  /**
   * The webhook's signing secrets, in clear: the primary and those still signing after a
   * rotation, primary first, each with when it stops. For a receiver's owner to set up
   * verification (the portal's "reveal", behind its view-secrets capability).
   */
  private void secret(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = find(ctx, tenant);
    java.time.Instant now = clock.instant();
    List<Map<String, Object>> secrets = new java.util.ArrayList<>();
    // The primary first: a rotation puts the new secret at the head.
    for (io.hookstream.model.SigningSecret s : sub.activeSecrets(now)) {
      Map<String, Object> one = new java.util.LinkedHashMap<>();
      one.put("secret", settings.box().open(s.value(), sub.topicKey()));
      one.put("createdAt", s.createdAt());
      if (s.expiresAt() != null) {
        one.put("expiresAt", s.expiresAt());
      }
      secrets.add(one);
    }
    if (secrets.isEmpty()) {
      throw new ApiException(404, "no_secret", "this webhook is not signed", null);
    }
    ctx.header("Cache-Control", "no-store");
    ctx.json(Map.of("secret", secrets.get(0).get("secret"), "secrets", secrets));
  }

  private void list(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    ctx.json(Page.of(ctx, catalog.subscriptions(tenant), s -> s.id().value(),
        s -> view(s, null, null)));
  }

  /**
   * Admin: webhooks of every tenant with their health, by tenant and id, paged; {@code status}
   * {@code disabled} (switched off, by hand or automatically), {@code failing} (enabled, with a
   * failure streak now) or {@code all} (the default).
   */
  private void acrossTenants(Context ctx) {
    auth.requireAdmin(ctx);
    String status = ctx.queryParamAsClass("status", String.class).getOrDefault("all");
    if (!List.of("all", "disabled", "failing").contains(status)) {
      throw ApiException.invalid("status", "status must be all, disabled or failing");
    }
    java.time.Instant now = clock.instant();
    int limit = Page.limit(ctx);
    String rawCursor = ctx.queryParam("cursor");
    String after = rawCursor == null || rawCursor.isEmpty() ? null : Page.decode(rawCursor);
    if (rawCursor != null && !rawCursor.isEmpty() && after == null) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
    List<Subscription> all = catalog.allSubscriptions().stream()
        .sorted(java.util.Comparator.comparing(Subscription::topicKey)).toList();
    List<WebhookView> page = new java.util.ArrayList<>();
    String next = null;
    for (Subscription sub : all) {
      if (after != null && sub.topicKey().compareTo(after) <= 0) {
        continue;
      }
      if (status.equals("disabled") && sub.enabled()) {
        continue;
      }
      HealthView health = queries.health(sub.id()).map(h -> HealthView.of(h, now)).orElse(null);
      if (status.equals("failing") && (!sub.enabled() || health == null
          || (health.consecutiveFailedAttempts() == 0
              && health.consecutiveFailedDeliveries() == 0))) {
        continue;
      }
      if (page.size() == limit) {
        next = Page.encode(page.isEmpty() ? sub.topicKey()
            : page.get(page.size() - 1).tenant() + "/" + page.get(page.size() - 1).id());
        break;
      }
      page.add(view(sub, null, health));
    }
    ctx.json(new Page<>(page, next));
  }

  private void get(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = find(ctx, tenant);
    HealthView health = queries.health(sub.id())
        .map(h -> HealthView.of(h, clock.instant())).orElse(null);
    Preconditions.etag(ctx, Math.max(1, sub.version()));
    ctx.json(view(sub, null, health));
  }

  private void delete(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    Subscription sub = find(ctx, tenant);
    catalog.deleteSubscription(tenant, sub.id(), Preconditions.ifMatch(ctx));
    ctx.status(204);
  }

  private Subscription find(Context ctx, TenantId tenant) {
    String raw = ctx.pathParam("id");
    if (raw.isBlank() || raw.length() > 64) {
      throw ApiException.notFound("webhook");
    }
    return catalog.subscription(tenant, SubscriptionId.of(raw))
        .orElseThrow(() -> ApiException.notFound("webhook"));
  }
}
