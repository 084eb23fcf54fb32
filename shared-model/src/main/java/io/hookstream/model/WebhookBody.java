package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.hookstream.json.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * What a receiver gets as the request body when its webhook has no template:
 * {@code {"id","type","timestamp","data"}} plus {@code changedAttributes} when the producer gave
 * them. A public contract. The timestamp is always written to the millisecond.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookBody(String id, String type,
    @JsonSerialize(using = Timestamps.Writer.class) Instant timestamp, RawJson data,
    List<String> changedAttributes) {

  public static WebhookBody of(Event event) {
    return new WebhookBody(event.id().value(), event.type(), event.timestamp(), event.data(),
        event.changedAttributes());
  }
}
