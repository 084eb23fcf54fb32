package io.hookstream.signing;

import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.model.SignatureProfile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature headers of one request, for any profile. Pure. {@code webhook-id} and
 * {@code webhook-timestamp} are sent with every scheme; the signature header only when there is
 * a secret. Standard Webhooks signs with every active secret; the legacy schemes, whose
 * receivers compare one value, with the newest only.
 */
public final class WebhookSigner {
  private WebhookSigner() {}

  /**
   * @param secrets plaintext secrets, newest first; empty means unsigned
   */
  public static Map<String, String> headers(SignatureProfile profile, List<String> secrets,
      String msgId, long timestampSeconds, byte[] body) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(StandardWebhooks.ID_HEADER, msgId);
    out.put(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestampSeconds));
    if (secrets.isEmpty()) {
      return out;
    }
    Scheme scheme = profile.scheme();
    if (scheme.asymmetric()) {
      out.put(StandardWebhooks.SIGNATURE_HEADER,
          Ed25519Keys.signatureHeader(secrets, msgId, timestampSeconds, body));
      return out;
    }
    if (scheme.standard()) {
      out.put(StandardWebhooks.SIGNATURE_HEADER,
          StandardWebhooks.signatureHeader(secrets, msgId, timestampSeconds, body));
      return out;
    }
    if (scheme == Scheme.HMAC_SHA256_HEX_TIMESTAMP) {
      out.put(profile.timestampHeader(), Long.toString(timestampSeconds));
    }
    out.put(profile.header(), legacy(scheme, secrets.get(0), timestampSeconds, body));
    return out;
  }

  /** A legacy scheme's signature value; the secret's UTF-8 bytes are the HMAC key. */
  public static String legacy(Scheme scheme, String secret, long timestampSeconds, byte[] body) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    return switch (scheme) {
      case HMAC_SHA256_HEX -> HexFormat.of().formatHex(Hmac.sha256(key, body));
      case HMAC_SHA256_BASE64 -> Base64.getEncoder().encodeToString(Hmac.sha256(key, body));
      case HMAC_SHA256_HEX_TIMESTAMP -> HexFormat.of().formatHex(Hmac.sha256(key,
          Long.toString(timestampSeconds).getBytes(StandardCharsets.UTF_8), body));
      case STANDARD_WEBHOOKS, STANDARD_WEBHOOKS_ED25519 ->
          throw new IllegalArgumentException("not a legacy scheme");
    };
  }
}
