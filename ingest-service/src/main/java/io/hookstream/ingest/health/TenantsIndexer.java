package io.hookstream.ingest.health;

import io.hookstream.model.Tenant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps every instance's global copy of the tenants (their auto-disable policies). */
public final class TenantsIndexer implements Processor<String, Tenant, Void, Void> {
  private KeyValueStore<String, Tenant> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(HealthProcessor.TENANTS);
  }

  @Override
  public void process(Record<String, Tenant> record) {
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
