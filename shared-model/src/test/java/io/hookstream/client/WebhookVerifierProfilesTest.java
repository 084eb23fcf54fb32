package io.hookstream.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.model.SignatureProfile;
import io.hookstream.signing.WebhookSigner;
import io.hookstream.signing.WebhookVerificationException;
import io.hookstream.signing.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierProfilesTest {
  static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
  static final long TS = 1_795_000_000L;
  final Clock clock = Clock.fixed(Instant.ofEpochSecond(TS), ZoneOffset.UTC);

  @Test
  void everyLegacyProfileVerifiesWhatTheSignerSends() throws Exception {
    for (SignatureProfile p : List.of(
        new SignatureProfile(Scheme.HMAC_SHA256_HEX, "X-Propstack-Signature", null),
        new SignatureProfile(Scheme.HMAC_SHA256_BASE64, "Dastra-Signature", null),
        new SignatureProfile(Scheme.HMAC_SHA256_HEX_TIMESTAMP, "x-webhook-signature", "x-webhook-timestamp"))) {
      Map<String, String> headers = WebhookSigner.headers(p, List.of("secret"), "evt_1", TS, BODY);
      verifier(p).verify(headers, BODY);
      assertThatThrownBy(() -> verifier(p).verify(headers, "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(WebhookVerificationException.class).hasMessage("no matching signature");
    }
  }

  @Test
  void theTimestampProfileRejectsStaleRequests() {
    SignatureProfile p = new SignatureProfile(Scheme.HMAC_SHA256_HEX_TIMESTAMP, "x-sig", "x-ts");
    Map<String, String> headers = WebhookSigner.headers(p, List.of("secret"), "evt_1", TS - 600, BODY);
    assertThatThrownBy(() -> verifier(p).verify(headers, BODY))
        .hasMessage("x-ts is outside the tolerance");
  }

  WebhookVerifier verifier(SignatureProfile p) {
    return new WebhookVerifier(p, List.of("secret"), clock, Duration.ofMinutes(5));
  }
}
