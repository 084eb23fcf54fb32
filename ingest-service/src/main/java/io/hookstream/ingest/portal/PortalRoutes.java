package io.hookstream.ingest.portal;

import java.util.Map;
import java.util.Optional;

/**
 * The API calls a portal session may make, and the capability each needs; any other call is
 * refused to a session (403), whatever it holds. One table, so what the portal can do is read
 * in one place.
 */
final class PortalRoutes {
  private static final String T = "/v1/tenants/{tenant}";
  private static final Map<String, Capability> NEEDED = Map.ofEntries(
      Map.entry("GET " + T, Capability.VIEW),
      Map.entry("GET /v1/event-types", Capability.VIEW),
      Map.entry("GET /v1/event-types/{name}", Capability.VIEW),
      Map.entry("GET " + T + "/webhooks", Capability.VIEW),
      Map.entry("GET " + T + "/webhooks/{id}", Capability.VIEW),
      Map.entry("GET " + T + "/webhooks/{id}/deliveries", Capability.VIEW),
      // Public keys verify signatures; they are not secrets.
      Map.entry("GET " + T + "/webhooks/{id}/public-keys", Capability.VIEW),
      Map.entry("GET " + T + "/deliveries", Capability.VIEW),
      Map.entry("GET " + T + "/events", Capability.VIEW),
      Map.entry("GET " + T + "/events/{event}", Capability.VIEW),
      Map.entry("POST " + T + "/webhooks/preview", Capability.VIEW),
      Map.entry("POST " + T + "/webhooks", Capability.MANAGE_ENDPOINTS),
      Map.entry("PATCH " + T + "/webhooks/{id}", Capability.MANAGE_ENDPOINTS),
      Map.entry("DELETE " + T + "/webhooks/{id}", Capability.MANAGE_ENDPOINTS),
      Map.entry("POST " + T + "/webhooks/{id}/rotate-secret", Capability.MANAGE_ENDPOINTS),
      Map.entry("POST " + T + "/webhooks/{id}/resume", Capability.MANAGE_ENDPOINTS),
      Map.entry("GET " + T + "/webhooks/{id}/secret", Capability.VIEW_SECRETS),
      Map.entry("POST " + T + "/webhooks/{id}/test", Capability.SEND_TESTS),
      Map.entry("POST " + T + "/deliveries/{delivery}/retry", Capability.REPLAY),
      Map.entry("POST " + T + "/webhooks/{id}/replay", Capability.REPLAY));

  private PortalRoutes() {}

  /** The capability {@code method route} needs; empty when a session may not call it at all. */
  static Optional<Capability> needed(String method, String route) {
    return Optional.ofNullable(NEEDED.get(method + " " + route));
  }
}
