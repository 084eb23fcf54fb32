package io.hookstream.ingest.console;

import io.hookstream.ingest.web.Pages;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator console at {@code /console}: a sign-in form for the admin token, then the console's
 * page, which works through the same API as everything else. Never framed.
 */
public final class ConsolePages {
  private final ConsoleAccess access;

  public ConsolePages(ConsoleAccess access) {
    this.access = access;
  }

  public void register(Javalin app) {
    app.get("/console", this::page);
    app.get("/console/", ctx -> ctx.redirect("/console", HttpStatus.SEE_OTHER));
    app.post("/console/session", this::signIn);
    app.post("/console/logout", this::signOut);
  }

  private void page(Context ctx) {
    Optional<String> sid = access.session(ctx.cookie(ConsoleAccess.COOKIE));
    if (sid.isEmpty()) {
      Pages.html(ctx, 200, "signin.html", Map.of("message", ""), List.of());
      return;
    }
    Pages.html(ctx, 200, "console.html", Map.of("csrf", access.csrf(sid.get())), List.of());
  }

  private void signIn(Context ctx) {
    Optional<String> token = access.signIn(ctx.formParam("token"));
    if (token.isEmpty()) {
      Pages.html(ctx, 401, "signin.html", Map.of("message",
          "That is not the admin token. It is in data/admin-token beside the standalone, or in"
              + " HOOKSTREAM_ADMIN_TOKEN."), List.of());
      return;
    }
    ctx.cookie(Pages.sessionCookie(ctx, ConsoleAccess.COOKIE, token.get(),
        (int) ConsoleAccess.LIFETIME.toSeconds(), SameSite.STRICT));
    Pages.securityHeaders(ctx, List.of());
    ctx.redirect("/console", HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) {
    ctx.cookie(Pages.sessionCookie(ctx, ConsoleAccess.COOKIE, "", 0, SameSite.STRICT));
    Pages.securityHeaders(ctx, List.of());
    ctx.redirect("/console", HttpStatus.SEE_OTHER);
  }
}
