package io.hookstream.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
  // The example published with the Standard Webhooks reference libraries.
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TIMESTAMP = 1614265330L;
  static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  final Clock atSend = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC);

  @Test
  void signsThePublishedExample() {
    assertThat(StandardWebhooks.sign(SECRET, MSG_ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void severalSecretsGiveSpaceSeparatedSignaturesInOrder() {
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    String header = StandardWebhooks.signatureHeader(List.of(SECRET, other), MSG_ID, TIMESTAMP, BODY);
    assertThat(header.split(" ")).hasSize(2);
    assertThat(header).startsWith(EXPECTED + " v1,");
  }

  @Test
  void verifiesThePublishedExample() throws Exception {
    verifier(SECRET, atSend).verify(headers(EXPECTED, TIMESTAMP), BODY);
  }

  @Test
  void verifiesWhenAnyOfSeveralSignaturesMatches() throws Exception {
    String header = "v1,Zm9v " + EXPECTED;
    verifier(SECRET, atSend).verify(headers(header, TIMESTAMP), BODY);
  }

  @Test
  void rejectsATamperedBody() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> verifier(SECRET, atSend).verify(headers(EXPECTED, TIMESTAMP), tampered))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessage("no matching signature");
  }

  @Test
  void rejectsTimestampsMoreThanFiveMinutesOffEitherWay() throws Exception {
    Clock late = Clock.offset(atSend, Duration.ofMinutes(5).plusSeconds(1));
    Clock early = Clock.offset(atSend, Duration.ofMinutes(-5).minusSeconds(1));
    assertThatThrownBy(() -> verifier(SECRET, late).verify(headers(EXPECTED, TIMESTAMP), BODY))
        .hasMessage("webhook-timestamp is outside the tolerance");
    assertThatThrownBy(() -> verifier(SECRET, early).verify(headers(EXPECTED, TIMESTAMP), BODY))
        .hasMessage("webhook-timestamp is outside the tolerance");
    verifier(SECRET, Clock.offset(atSend, Duration.ofMinutes(5)))
        .verify(headers(EXPECTED, TIMESTAMP), BODY);
  }

  @Test
  void rejectsMissingHeadersAndOtherVersions() {
    assertThatThrownBy(() -> verifier(SECRET, atSend).verify(Map.of(), BODY))
        .hasMessage("missing header webhook-id");
    String v2 = "v2," + EXPECTED.substring(3);
    assertThatThrownBy(() -> verifier(SECRET, atSend).verify(headers(v2, TIMESTAMP), BODY))
        .hasMessage("no matching signature");
  }

  @Test
  void headerNamesAreCaseInsensitive() throws Exception {
    Map<String, String> headers = Map.of("Webhook-Id", MSG_ID, "WEBHOOK-TIMESTAMP",
        String.valueOf(TIMESTAMP), "Webhook-Signature", EXPECTED);
    verifier(SECRET, atSend).verify(headers, BODY);
  }

  @Test
  void generatedSecretsAreStandard() {
    String secret = WebhookSecrets.generate();
    assertThat(secret).startsWith("whsec_");
    assertThat(WebhookSecrets.keyOf(secret)).hasSize(32);
    assertThat(WebhookSecrets.isStandard(secret)).isTrue();
    assertThat(WebhookSecrets.isStandard(SECRET)).isTrue();
    assertThat(WebhookSecrets.isStandard("whsec_short")).isFalse();
    assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
  }

  static WebhookVerifier verifier(String secret, Clock clock) {
    return new WebhookVerifier(List.of(secret), clock, WebhookVerifier.DEFAULT_TOLERANCE);
  }

  static Map<String, String> headers(String signature, long timestamp) {
    return Map.of("webhook-id", MSG_ID, "webhook-timestamp", String.valueOf(timestamp),
        "webhook-signature", signature);
  }
}
