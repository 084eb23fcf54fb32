package io.hookstream.outbound;

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
public final class SignedRequests {
  public static final MediaType JSON = MediaType.get("application/json");
  public static final String USER_AGENT = "Hookstream/1.0";

  private SignedRequests() {}

  /**
   * @throws IllegalArgumentException when the URL is not one OkHttp can call
   * @throws IllegalStateException when a secret does not open with this master key
   */
  public static Request build(DeliveryTask task, Subscription sub, Instant now, SecretBox box) {
    return build(task.eventId().value(), task.payload().bytes(), sub, now, box);
  }

  /** The same for any body and message id: test sends use it. */
  public static Request build(String msgId, byte[] body, Subscription sub, Instant now,
      SecretBox box) {
    Request.Builder request = new Request.Builder().url(sub.url());
    for (Map.Entry<String, String> header : sub.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    request.header("user-agent", USER_AGENT);
    List<String> secrets = sub.activeSecrets(now).stream()
        .map(SigningSecret::value)
        .map(sealed -> box.open(sealed, sub.topicKey()))
        .toList();
    WebhookSigner.headers(sub.effectiveSignature(), secrets, msgId, now.getEpochSecond(), body)
        .forEach(request::header);
    return request.post(RequestBody.create(body, JSON)).build();
  }
}
