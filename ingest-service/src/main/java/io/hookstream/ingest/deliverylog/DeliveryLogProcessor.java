package io.hookstream.ingest.deliverylog;

import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the delivery log: one entry per delivery, its attempts added as they are recorded, newest
 * deliveries first per subscription. Entries older than the retention are removed hourly.
 */
public final class DeliveryLogProcessor implements Processor<String, DeliveryAttempt, Void, Void> {
  public static final String ENTRIES = "delivery-log";
  public static final String BY_DELIVERY = "delivery-log-by-delivery";
  public static final String EXPIRY = "delivery-log-expiry";

  private final Duration retention;
  private KeyValueStore<String, DeliveryLogEntry> entries;
  private KeyValueStore<String, String> byDelivery;
  private KeyValueStore<String, String> expiry;

  public DeliveryLogProcessor(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    entries = context.getStateStore(ENTRIES);
    byDelivery = context.getStateStore(BY_DELIVERY);
    expiry = context.getStateStore(EXPIRY);
    context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME,
        now -> expire(Instant.ofEpochMilli(now).minus(retention)));
  }

  @Override
  public void process(Record<String, DeliveryAttempt> record) {
    DeliveryAttempt attempt = record.value();
    if (attempt == null || attempt.deliveryId() == null || attempt.subscriptionId() == null
        || attempt.at() == null) {
      return;
    }
    String key = byDelivery.get(attempt.deliveryId().value());
    DeliveryLogEntry existing = key == null ? null : entries.get(key);
    if (existing == null) {
      key = LogKeys.entry(attempt.subscriptionId(), attempt.at(), attempt.deliveryId());
      entries.put(key, DeliveryLogEntry.first(attempt));
      byDelivery.put(attempt.deliveryId().value(), key);
      expiry.put(LogKeys.expiry(attempt.at(), key), "");
    } else {
      entries.put(key, existing.with(attempt));
    }
  }

  /** Removes every entry whose first attempt is older than {@code cutoff}. */
  void expire(Instant cutoff) {
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, String> it = expiry.range(null, LogKeys.expiryBefore(cutoff))) {
      while (it.hasNext()) {
        old.add(it.next().key);
      }
    }
    for (String expiryKey : old) {
      String entryKey = LogKeys.entryOfExpiry(expiryKey);
      DeliveryLogEntry entry = entries.delete(entryKey);
      if (entry != null) {
        byDelivery.delete(entry.id().value());
      }
      expiry.delete(expiryKey);
    }
  }

}
