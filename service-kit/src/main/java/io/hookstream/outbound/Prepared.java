package io.hookstream.outbound;

import io.hookstream.model.RawJson;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The exact request of one attempt: its URL, the headers Hookstream sets (HTTP's own, such as
 * {@code host} and {@code content-length}, are added by the client) and the body.
 *
 * @param rendered the body, when a template rendered it for this attempt (it is then kept with
 *     the delivery); null when the body was the standard one or rendered before
 */
public record Prepared(String url, Map<String, String> headers, byte[] body, RawJson rendered) {
  public static final MediaType JSON = MediaType.get("application/json");

  /** As OkHttp sends it. @throws IllegalArgumentException when the URL is not one it can call */
  Request toRequest() {
    Request.Builder request = new Request.Builder().url(url);
    headers.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("content-type")) {
        request.header(name, value);
      }
    });
    return request.post(RequestBody.create(body, JSON)).build();
  }
}
