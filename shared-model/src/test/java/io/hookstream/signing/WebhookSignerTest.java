package io.hookstream.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.model.SignatureProfile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Each legacy profile against an independent implementation written from its seed's own
 * verification snippet (not Hookstream's code).
 */
class WebhookSignerTest {
  static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"property.updated\",\"data\":{\"price\":750000}}"
      .getBytes(StandardCharsets.UTF_8);
  static final long TS = 1_795_000_000L;

  @Test
  void propstackAndProtocolHexOfTheBody() throws Exception {
    SignatureProfile propstack = new SignatureProfile(Scheme.HMAC_SHA256_HEX, "X-Propstack-Signature", null);
    Map<String, String> headers = WebhookSigner.headers(propstack, List.of("my secret"), "evt_1", TS, BODY);
    // crypto.createHmac('sha256', secret).update(requestBody, 'utf8').digest('hex')
    String expected = HexFormat.of().formatHex(hmac("my secret".getBytes(StandardCharsets.UTF_8), BODY));
    assertThat(headers).containsEntry("X-Propstack-Signature", expected)
        .containsEntry("webhook-id", "evt_1").doesNotContainKey("webhook-signature");
  }

  @Test
  void dastraBase64OfTheBody() throws Exception {
    SignatureProfile dastra = new SignatureProfile(Scheme.HMAC_SHA256_BASE64, "Dastra-Signature", null);
    Map<String, String> headers = WebhookSigner.headers(dastra, List.of("validation-key"), "evt_1", TS, BODY);
    // C#: Convert.ToBase64String(new HMACSHA256(UTF8(secret)).ComputeHash(UTF8(payload)))
    String expected = Base64.getEncoder().encodeToString(
        hmac("validation-key".getBytes(StandardCharsets.UTF_8), BODY));
    assertThat(headers).containsEntry("Dastra-Signature", expected);
  }

  @Test
  void realEstateHexOfTimestampPlusBody() throws Exception {
    SignatureProfile realEstate = new SignatureProfile(Scheme.HMAC_SHA256_HEX_TIMESTAMP,
        "x-webhook-signature", "x-webhook-timestamp");
    Map<String, String> headers = WebhookSigner.headers(realEstate, List.of("s3cret"), "evt_1", TS, BODY);
    // crypto.createHmac('sha256', secret).update(timestamp + body).digest('hex')
    String signed = headers.get("x-webhook-timestamp") + new String(BODY, StandardCharsets.UTF_8);
    String expected = HexFormat.of().formatHex(hmac("s3cret".getBytes(StandardCharsets.UTF_8),
        signed.getBytes(StandardCharsets.UTF_8)));
    assertThat(headers).containsEntry("x-webhook-timestamp", String.valueOf(TS))
        .containsEntry("x-webhook-signature", expected);
  }

  @Test
  void legacySchemesSignWithTheNewestSecretOnly() {
    SignatureProfile hex = new SignatureProfile(Scheme.HMAC_SHA256_HEX, "x-sig", null);
    assertThat(WebhookSigner.headers(hex, List.of("new", "old"), "e", TS, BODY).get("x-sig"))
        .isEqualTo(WebhookSigner.headers(hex, List.of("new"), "e", TS, BODY).get("x-sig"));
  }

  @Test
  void noSecretMeansNoSignatureHeaderButIdAndTimestamp() {
    SignatureProfile hex = new SignatureProfile(Scheme.HMAC_SHA256_HEX, "X-Propstack-Signature", null);
    assertThat(WebhookSigner.headers(hex, List.of(), "evt_1", TS, BODY)).containsOnlyKeys(
        "webhook-id", "webhook-timestamp");
  }

  @Test
  void standardWebhooksSignsWithEverySecret() {
    String a = WebhookSecrets.generate();
    String b = WebhookSecrets.generate();
    Map<String, String> headers = WebhookSigner.headers(SignatureProfile.STANDARD, List.of(a, b),
        "evt_1", TS, BODY);
    assertThat(headers.get("webhook-signature")).isEqualTo(
        StandardWebhooks.sign(a, "evt_1", TS, BODY) + " " + StandardWebhooks.sign(b, "evt_1", TS, BODY));
  }

  static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }
}
