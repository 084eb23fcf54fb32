package io.hookstream.dispatch;

import io.hookstream.model.DeliveryTask;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.signing.SecretBox;
import io.hookstream.signing.WebhookSigner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds the signed request of one attempt: the router's body bytes unchanged, the subscription's
 * own headers, then {@code webhook-id}, {@code webhook-timestamp} and the signature of the
 * subscription's profile, made with its secrets opened from their sealed form.
 */
final class DeliveryRequests {
  static final MediaType JSON = MediaType.get("application/json");
  static final String USER_AGENT = "Hookstream/1.0";

  private DeliveryRequests() {}

  /**
   * @throws IllegalArgumentException when the URL is not one OkHttp can call
   * @throws IllegalStateException when a secret does not open with this master key
   */
  static Request build(DeliveryTask task, Subscription sub, Instant now, SecretBox box) {
    byte[] body = task.payload().bytes();
    Request.Builder request = new Request.Builder().url(sub.url());
    for (Map.Entry<String, String> header : sub.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    request.header("user-agent", USER_AGENT);
    List<String> secrets = sub.activeSecrets(now).stream()
        .map(SigningSecret::value)
        .map(sealed -> box.open(sealed, sub.topicKey()))
        .toList();
    WebhookSigner.headers(sub.effectiveSignature(), secrets, task.eventId().value(),
        now.getEpochSecond(), body).forEach(request::header);
    return request.post(RequestBody.create(body, JSON)).build();
  }
}
