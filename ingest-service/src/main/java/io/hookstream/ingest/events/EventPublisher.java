package io.hookstream.ingest.events;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.json.CanonicalJson;
import io.hookstream.json.JsonSerde;
import io.hookstream.model.Event;
import io.hookstream.service.KafkaSettings;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends accepted events to {@code hookstream.events}, keyed by tenant, and returns only once
 * Kafka has them on every in-sync replica: a 202 means the event will be delivered.
 */
public final class EventPublisher implements AutoCloseable {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
  private final KafkaProducer<String, Event> producer;

  public EventPublisher(KafkaSettings kafka) {
    this.producer = new KafkaProducer<>(kafka.client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-events",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        // A publish waits for its ack: send at once (Kafka 4 would linger 5 ms); concurrent
        // publishes still share requests while one is in flight.
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")),
        new StringSerializer(), JsonSerde.of(Event.class).serializer());
  }

  public void publish(Event event) {
    try {
      // The record's time is when it was accepted (retention and "since" count from it); the
      // event's own time, which a producer may set in the past, is in the event.
      ProducerRecord<String, Event> record = new ProducerRecord<>(Topics.EVENTS,
          event.tenant().value(), event);
      CanonicalJson.mark(record.headers()); // the API writes data and metadata so already
      producer.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not accept the event", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
