package io.hookstream.ingest.portal;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.web.Pages;
import io.hookstream.model.Tenant;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's pages: {@code /portal/start?token=…} trades the link's token for an HttpOnly
 * session cookie and redirects to {@code /portal/}, so the token is not kept in the page or its
 * history; {@code /portal/} serves the page with a strict Content-Security-Policy whose
 * {@code frame-ancestors} are the tenant's allowed parent origins. The page carries the session's
 * CSRF token, never the session token.
 */
public final class PortalPages {
  private final PortalAccess access;
  private final Catalog catalog;
  private final Clock clock;

  public PortalPages(PortalAccess access, Catalog catalog, Clock clock) {
    this.access = access;
    this.catalog = catalog;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.get("/portal/start", this::start);
    app.get("/portal/", this::page);
    app.get("/portal", ctx -> ctx.redirect("/portal/", HttpStatus.SEE_OTHER));
  }

  private void start(Context ctx) {
    Optional<PortalSession> session = access.valid(ctx.queryParam("token"));
    if (session.isEmpty()) {
      refused(ctx);
      return;
    }
    int maxAge = (int) Math.max(1, Duration.between(clock.instant(),
        session.get().expiresAt()).toSeconds());
    // In a cross-site iframe a cookie is only sent with SameSite=None, which needs HTTPS.
    ctx.cookie(Pages.sessionCookie(ctx, PortalAccess.COOKIE, ctx.queryParam("token"), maxAge,
        Pages.https(ctx) ? SameSite.NONE : SameSite.LAX));
    Pages.securityHeaders(ctx, allowedOrigins(session.get()));
    ctx.redirect("/portal/", HttpStatus.SEE_OTHER);
  }

  private void page(Context ctx) {
    Optional<PortalSession> session = access.valid(ctx.cookie(PortalAccess.COOKIE));
    if (session.isEmpty()) {
      refused(ctx);
      return;
    }
    PortalSession s = session.get();
    Pages.html(ctx, 200, "portal.html", Map.of(
        "csrf", access.tokens().csrf(s.id()),
        "tenant", s.tenant().value(),
        "capabilities", String.join(" ", s.capabilities().stream().map(Capability::wireName)
            .sorted().toList())), allowedOrigins(s));
  }

  private void refused(Context ctx) {
    Pages.html(ctx, 401, "refused.html", Map.of(), List.of());
  }

  private List<String> allowedOrigins(PortalSession session) {
    return catalog.tenant(session.tenant()).map(Tenant::portalOriginsOrNone).orElse(List.of());
  }
}
