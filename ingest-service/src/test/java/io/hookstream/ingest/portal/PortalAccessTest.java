package io.hookstream.ingest.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.TenantId;
import io.hookstream.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortalAccessTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final PortalTokens tokens = new PortalTokens(
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  private final Set<String> revoked = new HashSet<>();
  private final PortalAccess access = new PortalAccess(tokens, s -> revoked.contains(s.id()),
      clock);

  @Test
  void aSessionWorksUntilItExpiresOrIsRevoked() {
    PortalSession session = new PortalSession("ps_a", TenantId.of("acme"), Set.of(),
        clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    String token = tokens.issue(session);
    assertThat(access.valid(token)).contains(session);
    clock.advance(Duration.ofMinutes(59).plusSeconds(59));
    assertThat(access.valid(token)).contains(session);
    clock.advance(Duration.ofSeconds(1));
    assertThat(access.valid(token)).isEmpty();

    PortalSession other = new PortalSession("ps_b", TenantId.of("acme"), Set.of(),
        clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    String second = tokens.issue(other);
    assertThat(access.valid(second)).contains(other);
    revoked.add("ps_b");
    assertThat(access.valid(second)).isEmpty();
  }

  @Test
  void everyCallTheRouteTableNamesNeedsItsCapabilityAndNothingElseIsAllowed() {
    assertThat(PortalRoutes.needed("GET", "/v1/tenants/{tenant}/webhooks"))
        .contains(Capability.VIEW);
    assertThat(PortalRoutes.needed("GET", "/v1/tenants/{tenant}/webhooks/{id}/secret"))
        .contains(Capability.VIEW_SECRETS);
    assertThat(PortalRoutes.needed("POST", "/v1/tenants/{tenant}/deliveries/{delivery}/retry"))
        .contains(Capability.REPLAY);
    assertThat(PortalRoutes.needed("POST", "/v1/tenants/{tenant}/webhooks/{id}/test"))
        .contains(Capability.SEND_TESTS);
    assertThat(PortalRoutes.needed("PATCH", "/v1/tenants/{tenant}/webhooks/{id}"))
        .contains(Capability.MANAGE_ENDPOINTS);
    assertThat(PortalRoutes.needed("PATCH", "/v1/tenants/{tenant}")).isEmpty();
    assertThat(PortalRoutes.needed("POST", "/v1/tenants/{tenant}/rotate-key")).isEmpty();
    assertThat(PortalRoutes.needed("POST", "/v1/tenants/{tenant}/portal-sessions")).isEmpty();
    assertThat(PortalRoutes.needed("POST", "/v1/webhooks/test")).isEmpty();
    assertThat(PortalRoutes.needed("GET", "/internal/v1/log/{subscription}")).isEmpty();
  }
}
