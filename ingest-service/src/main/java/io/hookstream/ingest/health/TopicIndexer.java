package io.hookstream.ingest.health;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every instance's global copy of a compacted topic (tenants, event types): the latest
 * value per key, a tombstone removing it.
 */
public final class TopicIndexer<V> implements Processor<String, V, Void, Void> {
  private final String storeName;
  private KeyValueStore<String, V> store;

  public TopicIndexer(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
