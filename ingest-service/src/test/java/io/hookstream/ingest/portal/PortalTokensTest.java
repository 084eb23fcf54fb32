package io.hookstream.ingest.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PortalTokensTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final PortalTokens tokens = new PortalTokens(KEY);
  private final PortalSession session = new PortalSession("ps_1", TenantId.of("acme"),
      Set.of(Capability.REPLAY, Capability.MANAGE_ENDPOINTS),
      Instant.parse("2026-11-30T12:00:00Z"), Instant.parse("2026-11-30T13:00:00Z"));

  @Test
  void aTokenIsThePayloadAndItsHmacAndCarriesItsSession() throws Exception {
    String token = tokens.issue(session);
    String body = token.substring(0, token.lastIndexOf('.'));
    assertThat(new String(Base64.getUrlDecoder().decode(body.substring(4)),
        StandardCharsets.UTF_8)).isEqualTo("{\"sid\":\"ps_1\",\"t\":\"acme\",\"iat\":1796040000,"
            + "\"exp\":1796043600,\"c\":[\"manage-endpoints\",\"replay\",\"view\"]}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    assertThat(token).isEqualTo(body + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    assertThat(tokens.read(token)).contains(session);
  }

  @Test
  void aChangedOrForeignTokenIsNotOne() {
    String token = tokens.issue(session);
    String body = token.substring(0, token.lastIndexOf('.'));
    String mac = token.substring(token.lastIndexOf('.'));
    // the same MAC on another tenant's payload, or with more capabilities
    String otherTenant = "hsp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(body.substring(4)), StandardCharsets.UTF_8)
            .replace("acme", "evil").getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.read(otherTenant + mac)).isEmpty();
    assertThat(tokens.read(body + ".AAAA")).isEmpty();
    assertThat(new PortalTokens("fedcba9876543210fedcba9876543210".getBytes(
        StandardCharsets.US_ASCII)).read(token)).isEmpty();
    assertThat(tokens.read("hsp_")).isEmpty();
    assertThat(tokens.read("hsp_.")).isEmpty();
    assertThat(tokens.read("hsp_!!.!!")).isEmpty();
    assertThat(tokens.read(null)).isEmpty();
  }

  @Test
  void theCsrfTokenIsTheSessionsOwn() {
    String csrf = tokens.csrf("ps_1");
    assertThat(tokens.csrfMatches("ps_1", csrf)).isTrue();
    assertThat(tokens.csrfMatches("ps_2", csrf)).isFalse();
    assertThat(tokens.csrfMatches("ps_1", null)).isFalse();
    assertThat(tokens.csrfMatches("ps_1", csrf + "x")).isFalse();
  }

  @Test
  void viewIsAlwaysGranted() {
    assertThat(new PortalSession("ps_2", TenantId.of("acme"), Set.of(), Instant.EPOCH,
        Instant.EPOCH.plusSeconds(1)).allows(Capability.VIEW)).isTrue();
  }
}
