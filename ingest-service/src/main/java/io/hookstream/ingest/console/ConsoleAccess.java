package io.hookstream.ingest.console;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.ApiKeys;
import io.hookstream.ingest.web.Pages;
import io.hookstream.ingest.web.SignedTokens;
import io.hookstream.json.Json;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The operator console's session: signing in with the admin token sets an HttpOnly cookie
 * ({@value #COOKIE}, {@link #LIFETIME}) that acts as the admin token for the console's page, with
 * the session's CSRF token on every change. The cookie is bound to the admin token it was made
 * with: a new admin token ends every console session.
 */
public final class ConsoleAccess {
  public static final String COOKIE = "hs_console";
  static final Duration LIFETIME = Duration.ofHours(8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SignedTokens tokens;
  private final String adminBinding;
  private final byte[] adminTokenHash;
  private final Clock clock;

  public ConsoleAccess(byte[] key, String adminToken, Clock clock) {
    this.tokens = new SignedTokens("hsc_", key);
    this.adminTokenHash = ApiKeys.sha256(adminToken);
    this.adminBinding = tokens.derive("admin." + HexFormat.of().formatHex(adminTokenHash));
    this.clock = clock;
  }

  /**
   * True when the call carries a console cookie and no other credentials, and does not say it
   * comes from the portal's page (an operator may hold both cookies).
   */
  public static boolean isConsoleCall(Context ctx) {
    return ctx.header("Authorization") == null && ctx.cookie(COOKIE) != null
        && !"portal".equals(ctx.header(Pages.CLIENT_HEADER));
  }

  /** A new session's token when {@code adminToken} is the admin token. */
  Optional<String> signIn(String adminToken) {
    if (adminToken == null || !MessageDigest.isEqual(adminTokenHash,
        ApiKeys.sha256(adminToken.strip()))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    byte[] sid = new byte[16];
    RANDOM.nextBytes(sid);
    return Optional.of(tokens.sign(Json.mapper().createObjectNode()
        .put("sid", HexFormat.of().formatHex(sid))
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(LIFETIME).getEpochSecond())
        .put("ah", adminBinding)));
  }

  /** The session id of a valid console cookie. */
  Optional<String> session(String token) {
    long now = clock.instant().getEpochSecond();
    return tokens.verify(token)
        .filter(c -> adminBinding.equals(c.path("ah").asText()))
        .filter(c -> c.path("exp").asLong() > now)
        .map(c -> c.path("sid").asText());
  }

  String csrf(String sessionId) {
    return tokens.derive("csrf." + sessionId);
  }

  /** Checks the console's call: a valid cookie, and on a change its CSRF token; else 401/403. */
  public void authenticate(Context ctx) {
    String sid = session(ctx.cookie(COOKIE)).orElseThrow(() -> new ApiException(401,
        "console_session_invalid", "the console session has ended; sign in again", null));
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")
        && !tokens.matches("csrf." + sid, ctx.header(Pages.CSRF_HEADER))) {
      throw new ApiException(403, "forbidden", "a change from the console needs its "
          + Pages.CSRF_HEADER + " header", null);
    }
  }
}
