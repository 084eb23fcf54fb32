package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a receiver gets as the request body: {@code {"id","type","timestamp","data"}} plus
 * {@code changedAttributes} when the producer gave them. A public contract.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookBody(String id, String type, Instant timestamp, RawJson data,
    List<String> changedAttributes) {

  public static WebhookBody of(Event event) {
    return new WebhookBody(event.id().value(), event.type(), event.timestamp(), event.data(),
        event.changedAttributes());
  }
}
