package io.hookstream.ingest.routing;

import io.hookstream.model.Subscription;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the router's store in step with the compacted subscriptions topic, tombstones included. */
final class SubscriptionIndexer implements Processor<String, Subscription, Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionIndexer.class);
  private KeyValueStore<String, Subscription> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(RouterTopology.SUBSCRIPTIONS_STORE);
  }

  @Override
  public void process(Record<String, Subscription> record) {
    String key = record.key();
    if (key == null) {
      return;
    }
    Subscription subscription = record.value();
    if (subscription == null) {
      store.delete(key);
    } else if (key.equals(subscription.topicKey())) {
      store.put(key, subscription);
    } else {
      log.warn("ignoring subscription record whose key {} does not match its tenant and id", key);
    }
  }
}
