package io.hookstream.dispatch;

import io.hookstream.model.DeliveryTask;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.signing.StandardWebhooks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds the signed request of one attempt: the router's body bytes unchanged, the subscription's
 * own headers, then the Standard Webhooks headers, signed with every active secret.
 */
final class DeliveryRequests {
  static final MediaType JSON = MediaType.get("application/json");
  static final String USER_AGENT = "Hookstream/1.0";

  private DeliveryRequests() {}

  static Request build(DeliveryTask task, Subscription sub, Instant now) {
    byte[] body = task.payload().bytes();
    long timestamp = now.getEpochSecond();
    String msgId = task.eventId().value();
    Request.Builder request = new Request.Builder().url(sub.url());
    for (Map.Entry<String, String> header : sub.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    request.header("user-agent", USER_AGENT);
    request.header(StandardWebhooks.ID_HEADER, msgId);
    request.header(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp));
    List<String> secrets = sub.activeSecrets(now).stream().map(SigningSecret::value).toList();
    if (!secrets.isEmpty()) {
      request.header(StandardWebhooks.SIGNATURE_HEADER,
          StandardWebhooks.signatureHeader(secrets, msgId, timestamp, body));
    }
    return request.post(RequestBody.create(body, JSON)).build();
  }
}
