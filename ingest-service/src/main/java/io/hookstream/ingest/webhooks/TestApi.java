package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.api.JsonInput;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.ingest.catalog.Catalog;

import io.hookstream.json.Json;
import io.hookstream.model.SignatureProfile;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.SystemEventTypes;
import io.hookstream.model.TenantId;
import io.hookstream.targets.TargetPolicy;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * Test and ping: a signed test event sent right away to a webhook, or to a URL not registered
 * yet (the PlexTrac seed's {@code POST /webhooks/test}); the answer is the attempt's outcome.
 */
public final class TestApi {
  private final Catalog catalog;
  private final Auth auth;
  private final TestSender sender;
  private final TargetPolicy targets;
  private final HostResolver resolver;
  private final Clock clock;

  public TestApi(Catalog catalog, Auth auth, TestSender sender, TargetPolicy targets,
      HostResolver resolver, Clock clock) {
    this.catalog = catalog;
    this.auth = auth;
    this.sender = sender;
    this.targets = targets;
    this.resolver = resolver;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.post("/v1/tenants/{tenant}/webhooks/{id}/test", this::testWebhook);
    app.post("/v1/webhooks/test", this::testUrl);
  }

  private void testWebhook(Context ctx) {
    TenantId tenant = auth.requireTenant(ctx);
    String raw = ctx.pathParam("id");
    Subscription sub = raw.isBlank() || raw.length() > 64 ? null
        : catalog.subscription(tenant, SubscriptionId.of(raw)).orElse(null);
    if (sub == null) {
      throw ApiException.notFound("webhook");
    }
    JsonInput in = body(ctx).allowOnly(Set.of("type", "data"));
    String type = type(in);
    answer(ctx, sender.send(tenant.value(), sub, type, data(in, type), true));
  }

  private void testUrl(Context ctx) {
    auth.requireAnyCaller(ctx);
    JsonInput in = body(ctx).allowOnly(Set.of("url", "secret", "signature", "sslVerification",
        "type", "data", "timeoutMs"));
    SignatureProfile profile = in.has("signature")
        ? WebhookRules.signature(in.node("signature")) : SignatureProfile.STANDARD;
    String url = WebhookRules.url(in.requiredString("url", WebhookRules.MAX_URL_LENGTH), targets,
        resolver);
    List<SigningSecret> secrets = in.optionalString("secret", WebhookRules.MAX_LEGACY_SECRET)
        .map(s -> WebhookRules.secret(s, profile.scheme()))
        .map(s -> List.of(new SigningSecret(s, clock.instant(), null))).orElse(List.of());
    Subscription transient_ = Subscription.builder(SubscriptionId.of("sub_test"),
            TenantId.of("test"), url)
        .signature(profile.scheme().standard() ? null : profile)
        .secrets(secrets)
        .sslVerification(in.optionalBoolean("sslVerification").orElse(true))
        .timeoutMs(in.optionalInt("timeoutMs", WebhookRules.MIN_TIMEOUT_MS,
            WebhookRules.MAX_TIMEOUT_MS).orElse(null))
        .build();
    String type = type(in);
    answer(ctx, sender.send(auth.caller(ctx), transient_, type, data(in, type), false));
  }

  /** The answer completes when the attempt does; no API thread waits for it. */
  private static void answer(Context ctx, CompletableFuture<TestSender.Result> result) {
    ctx.future(() -> result.thenAccept(ctx::json));
  }

  private static JsonInput body(Context ctx) {
    byte[] raw = ctx.bodyAsBytes();
    return JsonInput.parse(raw.length == 0 ? "{}".getBytes() : raw);
  }

  private static String type(JsonInput in) {
    return in.optionalString("type", 128).orElse(SystemEventTypes.TEST);
  }

  /** The data given, else the type's catalog example (or sample), else a short message. */
  private JsonNode data(JsonInput in, String type) {
    if (!in.has("data")) {
      return catalog.eventType(type).filter(t -> t.example() != null || t.schema() != null)
          .map(SampleEvents::data)
          .orElseGet(() -> Json.mapper().createObjectNode().put("test", true)
              .put("message", "A test event from Hookstream"));
    }
    JsonNode data = in.node("data");
    if (!data.isObject()) {
      throw JsonInput.wrongType("data", "a JSON object");
    }
    return data;
  }
}
