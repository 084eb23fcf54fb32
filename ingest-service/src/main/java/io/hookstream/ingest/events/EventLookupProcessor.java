package io.hookstream.ingest.events;

import io.hookstream.json.Json;
import io.hookstream.model.Event;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Keeps every event by {@code tenant/id}, for {@code GET /events/{id}}, replays and the check
 * that an id is not reused for other content: the first event seen with an id within the dedupe
 * window, as the router routes it, completed the same way ({@link EventRecords}). Storing an
 * event already stored changes nothing, so reading a record again after a crash is harmless.
 */
public final class EventLookupProcessor implements Processor<String, byte[], Void, Void> {
  public static final String STORE = "event-lookup";

  private final Duration dedupeWindow;
  private ProcessorContext<Void, Void> context;
  private WindowStore<String, byte[]> events;

  public EventLookupProcessor(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.events = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Event event = EventRecords.completeQuietly(record, context.recordMetadata());
    if (event == null) {
      return;
    }
    String key = EventRecords.key(event);
    long window = dedupeWindow.toMillis();
    try (WindowStoreIterator<byte[]> it = events.fetch(key,
        Math.max(0, record.timestamp() - window), record.timestamp() + window)) {
      if (it.hasNext()) {
        return;
      }
    }
    events.put(key, Json.toBytes(event), record.timestamp());
  }
}
