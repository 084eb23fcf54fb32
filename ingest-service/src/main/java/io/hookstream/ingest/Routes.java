package io.hookstream.ingest;

import io.hookstream.ingest.api.Api;
import io.hookstream.ingest.api.Auth;
import io.hookstream.ingest.console.ConsoleAccess;
import io.hookstream.ingest.console.ConsolePages;
import io.hookstream.ingest.portal.PortalAccess;
import io.hookstream.ingest.portal.PortalPages;
import io.hookstream.ingest.portal.PortalRevocations;
import io.hookstream.ingest.portal.PortalSessionsApi;
import io.hookstream.ingest.portal.PortalTokens;
import io.hookstream.ingest.web.Pages;
import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.catalog.EventTypesApi;
import io.hookstream.ingest.deliveries.DeliveriesApi;
import io.hookstream.ingest.events.EventPublisher;
import io.hookstream.ingest.events.EventsApi;
import io.hookstream.ingest.query.EventsReader;
import io.hookstream.ingest.query.InternalApi;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.ingest.replay.Replayer;
import io.hookstream.ingest.tenants.TenantsApi;
import io.hookstream.ingest.webhooks.HostResolver;
import io.hookstream.ingest.webhooks.TestApi;
import io.hookstream.ingest.webhooks.TestSender;
import io.hookstream.ingest.webhooks.WebhooksApi;
import io.hookstream.outbound.Outbound;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.signing.SecretBox;
import io.hookstream.templates.Templates;
import io.hookstream.targets.TargetPolicy;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Puts every feature's routes on the server, with what they share from {@link Api}. */
final class Routes {
  /** What the handlers are built from. */
  record Settings(String adminToken, SecretBox box, TargetPolicy targets, Duration secretGrace,
      int maxEventBytes, HostResolver resolver, RetrySchedule retrySchedule,
      int maxWebhooksPerTenant, int tenantPublishRate) {}

  /** Everything the handlers read and write through. */
  record Context(Catalog catalog, EventPublisher publisher, StoreQueries queries,
      EventsReader reader, Replayer replayer, TestSender tester, Outbound outbound,
      Templates templates, PortalRevocations revocations, Settings settings, Clock clock,
      MeterRegistry registry, BooleanSupplier ready) {}

  private Routes() {}

  static void register(Javalin app, Context c) {
    Settings settings = c.settings();
    PortalAccess portal = new PortalAccess(
        new PortalTokens(settings.box().derive("portal-sessions")), c.revocations()::revoked,
        c.clock());
    ConsoleAccess console = new ConsoleAccess(settings.box().derive("console-sessions"),
        settings.adminToken(), c.clock());
    Auth auth = new Auth(settings.adminToken(), c.catalog(), portal, console);
    Api.register(app, c.ready());
    new TenantsApi(c.catalog(), auth, c.clock(), settings.retrySchedule()).register(app);
    new EventTypesApi(c.catalog(), auth, c.clock()).register(app);
    new WebhooksApi(c.catalog(), auth, new WebhooksApi.Settings(settings.targets(),
        settings.resolver(), settings.box(), settings.secretGrace(), settings.retrySchedule(),
        c.templates(), settings.maxWebhooksPerTenant()), c.clock(), c.queries(), c.outbound())
        .register(app);
    new EventsApi(c.catalog(), c.publisher(), c.queries(), auth, c.clock(), settings.maxEventBytes(),
        c.registry(), settings.tenantPublishRate()).register(app);
    new DeliveriesApi(c.catalog(), auth, c.queries(), c.reader(), c.replayer()).register(app);
    new TestApi(c.catalog(), auth, c.tester(), settings.targets(), settings.resolver(), c.clock())
        .register(app);
    new PortalSessionsApi(auth, portal, c.revocations(), c.clock()).register(app);
    new PortalPages(portal, c.catalog(), c.clock()).register(app);
    new ConsolePages(console).register(app);
    Pages.registerAssets(app);
    InternalApi.register(app, c.queries(), auth::requireAdmin);
  }
}
