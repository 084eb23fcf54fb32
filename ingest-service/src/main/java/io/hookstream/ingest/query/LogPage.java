package io.hookstream.ingest.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.model.DeliveryLogEntry;
import java.util.List;

/** A page of one subscription's deliveries, newest first; {@code nextCursor} absent on the last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogPage(List<DeliveryLogEntry> data, String nextCursor) {}
