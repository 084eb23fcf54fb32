package io.hookstream.ingest.routing;

import io.hookstream.model.SubscriptionId;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each subscription's delivery counter, in the router's exactly-once state: the n-th delivery
 * routed to a subscription is numbered n. The counter and the deliveries it numbered commit in
 * one transaction, so restarts and rebalances leave no gap and no repeat.
 */
final class Sequences {
  static final String STORE = "sequences";

  private final KeyValueStore<String, Long> store;

  Sequences(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  /** The next number of {@code subscription}'s deliveries, from 1. */
  long next(SubscriptionId subscription) {
    Long last = store.get(subscription.value());
    long next = last == null ? 1 : last + 1;
    store.put(subscription.value(), next);
    return next;
  }
}
