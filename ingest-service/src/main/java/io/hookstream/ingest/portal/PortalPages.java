package io.hookstream.ingest.portal;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.model.Tenant;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The portal's pages: {@code /portal/start?token=…} trades the link's token for an HttpOnly
 * session cookie and redirects to {@code /portal/}, so the token is not kept in the page or its
 * history; {@code /portal/} serves the page with a strict Content-Security-Policy whose
 * {@code frame-ancestors} are the tenant's allowed parent origins. The page's script and styles
 * are files of this service: no CDN, nothing inline.
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
    app.get("/portal", ctx -> ctx.redirect("/portal/", io.javalin.http.HttpStatus.SEE_OTHER));
    app.get("/portal/assets/{file}", this::asset);
  }

  private void start(Context ctx) {
    Optional<PortalSession> session = access.valid(ctx.queryParam("token"));
    if (session.isEmpty()) {
      refused(ctx);
      return;
    }
    Cookie cookie = new Cookie(PortalAccess.COOKIE, ctx.queryParam("token"));
    cookie.setHttpOnly(true);
    cookie.setPath("/");
    cookie.setMaxAge((int) Math.max(1, Duration.between(clock.instant(),
        session.get().expiresAt()).toSeconds()));
    // In a cross-site iframe a cookie is only sent with SameSite=None, which needs HTTPS.
    boolean secure = "https".equals(ctx.header("X-Forwarded-Proto"))
        || "https".equals(ctx.scheme());
    cookie.setSecure(secure);
    cookie.setSameSite(secure ? SameSite.NONE : SameSite.LAX);
    ctx.cookie(cookie);
    securityHeaders(ctx, allowedOrigins(session.get()));
    ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
    ctx.redirect("/portal/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void page(Context ctx) {
    Optional<PortalSession> session = access.valid(ctx.cookie(PortalAccess.COOKIE));
    if (session.isEmpty()) {
      refused(ctx);
      return;
    }
    PortalSession s = session.get();
    String html = resource("portal/index.html")
        .replace("{{csrf}}", access.tokens().csrf(s.id()))
        .replace("{{tenant}}", s.tenant().value())
        .replace("{{capabilities}}", String.join(" ", s.capabilities().stream()
            .map(Capability::wireName).sorted().toList()));
    securityHeaders(ctx, allowedOrigins(s));
    ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(html);
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    if (!file.matches("[a-z0-9-]+\\.(js|css)")) {
      ctx.status(404).result("");
      return;
    }
    InputStream in = PortalPages.class.getResourceAsStream("/portal/" + file);
    if (in == null) {
      ctx.status(404).result("");
      return;
    }
    ctx.contentType(file.endsWith(".js") ? "text/javascript; charset=utf-8"
        : "text/css; charset=utf-8").header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache").result(in);
  }

  private void refused(Context ctx) {
    securityHeaders(ctx, List.of());
    ctx.status(401).header("Cache-Control", "no-store").contentType("text/html; charset=utf-8")
        .result(resource("portal/refused.html"));
  }

  private List<String> allowedOrigins(PortalSession session) {
    return catalog.tenant(session.tenant()).map(Tenant::portalOriginsOrNone).orElse(List.of());
  }

  /** The strict policy: this service's own files only, framed only by the allowed origins. */
  static void securityHeaders(Context ctx, List<String> frameAncestors) {
    String ancestors = frameAncestors.isEmpty() ? "'none'" : String.join(" ", frameAncestors);
    ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src"
        + " 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri"
        + " 'none'; frame-ancestors " + ancestors);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (frameAncestors.isEmpty()) {
      ctx.header("X-Frame-Options", "DENY");
    }
  }

  private static String resource(String path) {
    try (InputStream in = PortalPages.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the ingest service's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
