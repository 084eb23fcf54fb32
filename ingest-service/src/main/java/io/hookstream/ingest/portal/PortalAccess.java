package io.hookstream.ingest.portal;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.web.Pages;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Authenticates a call made by the portal page: the session cookie set when its link was opened,
 * valid (ours, not expired, not revoked), allowed to make this call, and on every change the
 * session's CSRF token in {@value Pages#CSRF_HEADER}. The same API and the same handlers serve the
 * portal as everyone else; this only decides who is calling.
 */
public final class PortalAccess {
  public static final String COOKIE = "hs_portal";

  private final PortalTokens tokens;
  private final Predicate<PortalSession> revoked;
  private final Clock clock;

  /** @param revoked whether a session was revoked ({@link PortalRevocations#revoked}) */
  public PortalAccess(PortalTokens tokens, Predicate<PortalSession> revoked, Clock clock) {
    this.tokens = tokens;
    this.revoked = revoked;
    this.clock = clock;
  }

  /**
   * True when the call carries a portal cookie and no other credentials, and does not say it
   * comes from the console's page (whose own session may have ended).
   */
  public static boolean isPortalCall(Context ctx) {
    return ctx.header("Authorization") == null && ctx.cookie(COOKIE) != null
        && !"console".equals(ctx.header(Pages.CLIENT_HEADER));
  }

  /** The caller's session, allowed to make this call; else 401 or 403. */
  public PortalSession authenticate(Context ctx) {
    PortalSession session = valid(ctx.cookie(COOKIE)).orElseThrow(() -> new ApiException(401,
        "portal_session_invalid", "this portal session has expired or was revoked; open a new"
            + " portal link", null));
    String method = ctx.method().name();
    Capability needed = PortalRoutes.needed(method, ctx.endpointHandlerPath())
        .orElseThrow(() -> forbidden("a portal session cannot make this call"));
    if (!session.allows(needed)) {
      throw forbidden("this portal session does not have the " + needed.wireName()
          + " capability");
    }
    if (!method.equals("GET") && !method.equals("HEAD")
        && !tokens.csrfMatches(session.id(), ctx.header(Pages.CSRF_HEADER))) {
      throw forbidden("a change from the portal needs its " + Pages.CSRF_HEADER + " header");
    }
    return session;
  }

  /** The session a token carries when it is ours, unexpired and not revoked. */
  public Optional<PortalSession> valid(String token) {
    return tokens.read(token).filter(s -> !s.expiredAt(clock.instant()))
        .filter(s -> !revoked.test(s));
  }

  public PortalTokens tokens() {
    return tokens;
  }

  private static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message, null);
  }
}
