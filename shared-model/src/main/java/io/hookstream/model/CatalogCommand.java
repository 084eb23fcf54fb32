package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A change to the catalog (a tenant, an event type or a subscription), on
 * {@code hookstream.commands} under {@link #topicKey()}. The router task owning that key applies it
 * to the current state, so concurrent changes never overwrite each other with stale copies: a
 * patch names only the fields it changes, a rotation adds to the secrets that are current then.
 *
 * @param ifVersion apply only if the entity is at this version (an {@code If-Match}); else 412
 * @param payload the new entity (create), the changed fields in wire form (patch, {@code null}
 *     clears one), or the kind's own arguments
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogCommand(int v, String id, Kind kind, TenantId tenant,
    SubscriptionId subscription, String eventType, Long ifVersion, JsonNode payload, Instant at) {
  public static final int VERSION = 1;
  private static final String EVENT_TYPE_PREFIX = "event-type:";

  /** What a command does. */
  public enum Kind {
    CREATE_TENANT, PATCH_TENANT,
    CREATE_EVENT_TYPE, PATCH_EVENT_TYPE, DELETE_EVENT_TYPE, UPSERT_EVENT_TYPE,
    CREATE_SUBSCRIPTION, PATCH_SUBSCRIPTION, ROTATE_SECRET, DELETE_SUBSCRIPTION,
    /** From endpoint health or a 410: applied only if the subscription is still the same. */
    DISABLE_SUBSCRIPTION,
    /** From a FIFO endpoint whose head ran out of tries under {@code onExhausted: halt}. */
    HALT_SUBSCRIPTION,
    /** Through the API: a halted FIFO endpoint takes up its head again, on a fresh schedule. */
    RESUME_SUBSCRIPTION
  }

  public CatalogCommand {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * The record key: the tenant for tenant commands, {@code tenant/subscription} for subscription
   * commands (both land on the tenant's partition), {@code event-type:name} for the catalog.
   */
  public String topicKey() {
    if (eventType != null) {
      return EVENT_TYPE_PREFIX + eventType;
    }
    return subscription != null ? Subscription.topicKey(tenant, subscription) : tenant.value();
  }
}
