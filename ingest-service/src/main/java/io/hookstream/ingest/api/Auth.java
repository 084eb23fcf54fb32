package io.hookstream.ingest.api;

import io.hookstream.ingest.catalog.Catalog;
import io.hookstream.ingest.console.ConsoleAccess;
import io.hookstream.ingest.portal.PortalAccess;
import io.hookstream.ingest.portal.PortalSession;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call: the admin token acts for every tenant; a tenant's API key only under its own
 * {@code /v1/tenants/{t}/...}. Another tenant's resources answer 404, as if absent, so ids don't
 * leak. Missing or wrong credentials answer 401. A call from the tenant portal's page carries its
 * session cookie instead ({@link PortalAccess}): it acts for its own tenant only, within the
 * session's capabilities.
 */
public final class Auth {
  private static final String BEARER = "Bearer ";

  private final byte[] adminTokenHash;
  private final Catalog catalog;
  private final PortalAccess portal;
  private final ConsoleAccess console;

  public Auth(String adminToken, Catalog catalog) {
    this(adminToken, catalog, null, null);
  }

  /**
   * @param portal how portal sessions are checked; null: no portal calls
   * @param console how the operator console's sessions are checked; null: no console calls
   */
  public Auth(String adminToken, Catalog catalog, PortalAccess portal, ConsoleAccess console) {
    this.adminTokenHash = ApiKeys.sha256(adminToken);
    this.catalog = catalog;
    this.portal = portal;
    this.console = console;
  }

  public void requireAdmin(Context ctx) {
    if (consoleCall(ctx)) {
      console.authenticate(ctx);
      return;
    }
    if (portalCall(ctx)) {
      throw new ApiException(403, "forbidden", "this call needs the admin token", null);
    }
    String token = bearer(ctx);
    if (isAdmin(token)) {
      return;
    }
    if (isAnyTenantKey(token)) {
      throw new ApiException(403, "forbidden", "this call needs the admin token", null);
    }
    throw unauthorized();
  }

  /** The tenant of the path, if the caller may act for it. */
  public TenantId requireTenant(Context ctx) {
    String raw = ctx.pathParam("tenant");
    if (consoleCall(ctx)) {
      console.authenticate(ctx); // the console acts as the admin
      return tenantOf(raw).orElseThrow(() -> ApiException.notFound("tenant")).id();
    }
    if (portalCall(ctx)) {
      PortalSession session = portal.authenticate(ctx);
      if (!session.tenant().value().equals(raw)) {
        throw ApiException.notFound("tenant");
      }
      return session.tenant();
    }
    String token = bearer(ctx);
    Optional<Tenant> tenant = tenantOf(raw);
    if (isAdmin(token)) {
      return tenant.orElseThrow(() -> ApiException.notFound("tenant")).id();
    }
    if (tenant.isPresent() && tenant.get().apiKeyHash() != null && MessageDigest.isEqual(
        ApiKeys.sha256Hex(token).getBytes(StandardCharsets.US_ASCII),
        tenant.get().apiKeyHash().getBytes(StandardCharsets.US_ASCII))) {
      return tenant.get().id();
    }
    if (isAnyTenantKey(token)) {
      throw ApiException.notFound("tenant");
    }
    throw unauthorized();
  }

  /** The admin or any tenant. */
  public void requireAnyCaller(Context ctx) {
    if (consoleCall(ctx)) {
      console.authenticate(ctx);
      return;
    }
    if (portalCall(ctx)) {
      portal.authenticate(ctx);
      return;
    }
    String token = bearer(ctx);
    if (!isAdmin(token) && !isAnyTenantKey(token)) {
      throw unauthorized();
    }
  }

  /** Who calls: {@code admin}, or the tenant whose key was sent; 401 for anyone else. */
  public String caller(Context ctx) {
    if (consoleCall(ctx)) {
      console.authenticate(ctx);
      return "admin";
    }
    if (portalCall(ctx)) {
      return "tenant:" + portal.authenticate(ctx).tenant().value();
    }
    String token = bearer(ctx);
    if (isAdmin(token)) {
      return "admin";
    }
    return catalog.tenantByKeyHash(ApiKeys.sha256Hex(token)).map(t -> "tenant:" + t.id().value())
        .orElseThrow(Auth::unauthorized);
  }

  private Optional<Tenant> tenantOf(String raw) {
    return TenantId.isValid(raw) ? catalog.tenant(TenantId.of(raw)) : Optional.empty();
  }

  private boolean consoleCall(Context ctx) {
    return console != null && ConsoleAccess.isConsoleCall(ctx);
  }

  private boolean portalCall(Context ctx) {
    return portal != null && PortalAccess.isPortalCall(ctx);
  }

  private boolean isAdmin(String token) {
    return MessageDigest.isEqual(adminTokenHash, ApiKeys.sha256(token));
  }

  private boolean isAnyTenantKey(String token) {
    String hash = ApiKeys.sha256Hex(token);
    return catalog.tenantByKeyHash(hash).isPresent();
  }

  private static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || header.length() == BEARER.length()) {
      throw unauthorized();
    }
    return header.substring(BEARER.length()).trim();
  }

  private static ApiException unauthorized() {
    return new ApiException(401, "unauthorized",
        "send the admin token or the tenant's API key as 'Authorization: Bearer <token>'", null);
  }
}
