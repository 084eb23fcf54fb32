package io.hookstream.ingest.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.json.Json;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.TenantId;
import io.hookstream.service.KafkaSettings;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * "What did I miss?": a tenant's events between two times, read from {@code hookstream.events}
 * itself. Only the tenant's partition is read, from the offset of {@code since} (Kafka's time
 * index); the cursor is the next offset. One request reads at most {@value #MAX_SCAN} records.
 */
public final class EventsReader {
  static final int MAX_SCAN = 20_000;
  private final KafkaSettings kafka;

  /** A page of events, oldest first. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EventsPage(List<Event> data, String nextCursor) {}

  public EventsReader(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  public EventsPage read(TenantId tenant, Instant since, Instant until, String type, int limit,
      Long cursor) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.client(Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, "hookstream-events-reader",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      int partitions = consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(10)).size();
      TopicPartition tp = new TopicPartition(Topics.EVENTS,
          TenantPartitioner.partitionOf(tenant.value(), partitions));
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long start;
      if (cursor != null) {
        start = cursor;
      } else {
        OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, since.toEpochMilli())).get(tp);
        start = at == null ? end : at.offset();
      }
      consumer.seek(tp, start);
      List<Event> page = new ArrayList<>();
      long next = start;
      int scanned = 0;
      while (next < end && page.size() < limit && scanned < MAX_SCAN) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (page.size() >= limit || scanned >= MAX_SCAN) {
            break;
          }
          scanned++;
          next = r.offset() + 1;
          if (until != null && r.timestamp() > until.toEpochMilli()) {
            return new EventsPage(page, null);
          }
          Event e = decode(r);
          if (e != null && tenant.equals(e.tenant()) && (type == null || type.equals(e.type()))) {
            page.add(e);
          }
        }
      }
      return new EventsPage(page, next < end ? String.valueOf(next) : null);
    }
  }

  /** The event as the router sees it: tenant from the key, time from the record, an id. */
  private static Event decode(ConsumerRecord<String, byte[]> r) {
    try {
      Event e = Json.fromBytes(r.value(), Event.class);
      if (e.type() == null || r.key() == null || !TenantId.isValid(r.key())) {
        return null;
      }
      return e.complete(EventId.of("evt_k" + r.partition() + "_" + r.offset()), TenantId.of(r.key()),
          Instant.ofEpochMilli(r.timestamp()));
    } catch (RuntimeException ex) {
      return null;
    }
  }
}
