package io.hookstream.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 of
 * {@code "{webhook-id}.{webhook-timestamp}.{body}"}, sent as {@code v1,<base64>}, several
 * signatures separated by spaces while secrets rotate.
 */
public final class StandardWebhooks {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";
  public static final String VERSION_PREFIX = "v1,";

  private StandardWebhooks() {}

  /** The {@code v1,<base64>} signature of one message with one secret. */
  public static String sign(String secret, String msgId, long timestampSeconds, byte[] body) {
    byte[] mac = Hmac.sha256(WebhookSecrets.keyOf(secret),
        (msgId + '.' + timestampSeconds + '.').getBytes(StandardCharsets.UTF_8), body);
    return VERSION_PREFIX + Base64.getEncoder().encodeToString(mac);
  }

  /** The {@code webhook-signature} header value: one signature per secret, space-separated. */
  public static String signatureHeader(List<String> secrets, String msgId, long timestampSeconds,
      byte[] body) {
    StringBuilder out = new StringBuilder();
    for (String secret : secrets) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(sign(secret, msgId, timestampSeconds, body));
    }
    return out.toString();
  }
}
