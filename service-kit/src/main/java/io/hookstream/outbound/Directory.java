package io.hookstream.outbound;

import io.hookstream.model.EventType;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import java.util.Optional;

/** Where the send path looks up what a template reads besides the delivery itself. */
public interface Directory {
  Optional<EventType> eventType(String name);

  Optional<Tenant> tenant(TenantId id);
}
