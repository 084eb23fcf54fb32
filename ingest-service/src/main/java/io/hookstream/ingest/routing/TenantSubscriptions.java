package io.hookstream.ingest.routing;

import io.hookstream.json.Json;
import io.hookstream.model.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One router task's subscriptions: the state store (restored from its changelog) holds them as
 * bytes under {@code tenant/id}; this keeps each tenant's decoded list until that tenant's next
 * subscription change, so routing an event decodes nothing. Single-threaded, like its task.
 */
final class TenantSubscriptions {
  private final KeyValueStore<String, byte[]> store;
  private final Map<String, List<Subscription>> decoded = new HashMap<>();

  TenantSubscriptions(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  void put(Subscription sub, byte[] raw) {
    store.put(sub.topicKey(), raw);
    decoded.remove(sub.tenant().value());
  }

  void delete(String key, String tenant) {
    store.delete(key);
    decoded.remove(tenant);
  }

  /** One subscription by its {@code tenant/id} key, or null. */
  Subscription get(String key) {
    byte[] raw = store.get(key);
    return raw == null ? null : Json.fromBytes(raw, Subscription.class);
  }

  List<Subscription> of(String tenant) {
    return decoded.computeIfAbsent(tenant, this::load);
  }

  private List<Subscription> load(String tenant) {
    List<Subscription> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        store.prefixScan(tenant + '/', Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        out.add(Json.fromBytes(entry.value, Subscription.class));
      }
    }
    return List.copyOf(out);
  }
}
