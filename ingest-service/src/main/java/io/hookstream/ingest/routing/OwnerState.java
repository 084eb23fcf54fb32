package io.hookstream.ingest.routing;

import io.hookstream.ingest.catalog.CatalogOwner;
import io.hookstream.json.Json;
import io.hookstream.model.EventType;
import io.hookstream.model.Subscription;
import io.hookstream.model.Tenant;
import io.hookstream.topics.TenantPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The current catalog state of one router task's keys, as its {@link CatalogOwner} reads and
 * writes it. Subscriptions are the task's routing store. Tenants and event types the owner has
 * written are in its own stores (a deleted type as an empty value); the rest is read from the
 * global copies of their topics, which lag the owner's own writes but hold what an older version
 * wrote before the owner existed.
 */
final class OwnerState implements CatalogOwner.State {
  private static final byte[] DELETED = new byte[0];

  private final TenantSubscriptions subscriptions;
  private final KeyValueStore<String, byte[]> ownedTenants;
  private final KeyValueStore<String, Tenant> allTenants;
  private final KeyValueStore<String, byte[]> ownedTypes;
  private final KeyValueStore<String, EventType> allTypes;

  OwnerState(TenantSubscriptions subscriptions, KeyValueStore<String, byte[]> ownedTenants,
      KeyValueStore<String, Tenant> allTenants, KeyValueStore<String, byte[]> ownedTypes,
      KeyValueStore<String, EventType> allTypes) {
    this.subscriptions = subscriptions;
    this.ownedTenants = ownedTenants;
    this.allTenants = allTenants;
    this.ownedTypes = ownedTypes;
    this.allTypes = allTypes;
  }

  @Override
  public Subscription subscription(String key) {
    return subscriptions.get(key);
  }

  @Override
  public void subscription(String key, Subscription sub) {
    if (sub == null) {
      subscriptions.delete(key, TenantPartitioner.tenantOf(key));
    } else {
      subscriptions.put(sub, Json.toBytes(sub));
    }
  }

  @Override
  public Tenant tenant(String id) {
    byte[] owned = ownedTenants.get(id);
    return owned != null ? Json.fromBytes(owned, Tenant.class) : allTenants.get(id);
  }

  @Override
  public void tenant(Tenant tenant) {
    ownedTenants.put(tenant.id().value(), Json.toBytes(tenant));
  }

  @Override
  public EventType eventType(String name) {
    byte[] owned = ownedTypes.get(name);
    if (owned != null) {
      return owned.length == 0 ? null : Json.fromBytes(owned, EventType.class);
    }
    return allTypes.get(name);
  }

  @Override
  public void eventType(String name, EventType type) {
    ownedTypes.put(name, type == null ? DELETED : Json.toBytes(type));
  }
}
