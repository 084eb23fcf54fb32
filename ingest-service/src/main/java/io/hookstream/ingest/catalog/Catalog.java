package io.hookstream.ingest.catalog;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.ingest.routing.RouterProgress;
import io.hookstream.json.JsonSerde;
import io.hookstream.model.EventType;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicView;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookstream's configuration — tenants, the event catalog, subscriptions — as compacted topics,
 * read through in-memory views. A write returns once this instance's view holds it (so a read
 * right after sees it) and, for subscriptions, once the router holds it too.
 */
public final class Catalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Catalog.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

  private final TopicView<Tenant> tenants;
  private final TopicView<EventType> eventTypes;
  private final TopicView<Subscription> subscriptions;
  private final KafkaProducer<String, byte[]> producer;
  private final RouterProgress router;
  private final Duration routerSyncTimeout;

  public Catalog(KafkaSettings kafka, RouterProgress router, Duration routerSyncTimeout) {
    this.tenants = new TopicView<>(kafka, Topics.TENANTS, JsonSerde.of(Tenant.class));
    this.eventTypes = new TopicView<>(kafka, Topics.EVENT_TYPES, JsonSerde.of(EventType.class));
    this.subscriptions =
        new TopicView<>(kafka, Topics.SUBSCRIPTIONS, JsonSerde.of(Subscription.class));
    this.producer = new KafkaProducer<>(kafka.client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-catalog",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.PARTITIONER_CLASS_CONFIG, TenantPartitioner.class.getName())),
        new StringSerializer(), new ByteArraySerializer());
    this.router = router;
    this.routerSyncTimeout = routerSyncTimeout;
  }

  public void start() {
    tenants.start();
    eventTypes.start();
    subscriptions.start();
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return tenants.awaitCaughtUp(timeout) && eventTypes.awaitCaughtUp(timeout)
        && subscriptions.awaitCaughtUp(timeout);
  }

  /** Every tenant's subscriptions, for gauges. */
  public java.util.Collection<Subscription> allSubscriptions() {
    return subscriptions.values();
  }

  public boolean caughtUp() {
    return tenants.caughtUp() && eventTypes.caughtUp() && subscriptions.caughtUp();
  }

  public Optional<Tenant> tenant(TenantId id) {
    return tenants.get(id.value());
  }

  /** The tenant whose API key has this SHA-256 (hex). */
  public Optional<Tenant> tenantByKeyHash(String keyHash) {
    return tenants.values().stream().filter(t -> keyHash.equals(t.apiKeyHash())).findFirst();
  }

  public void putTenant(Tenant tenant) {
    write(tenants, Topics.TENANTS, tenant.id().value(), JsonSerde.of(Tenant.class).serialize(null, tenant));
  }

  public Optional<EventType> eventType(String name) {
    return eventTypes.get(name);
  }

  /** The catalog in name order. */
  public List<EventType> eventTypes() {
    return new ArrayList<>(eventTypes.values());
  }

  public void putEventType(EventType type) {
    write(eventTypes, Topics.EVENT_TYPES, type.name(),
        JsonSerde.of(EventType.class).serialize(null, type));
  }

  public Optional<Subscription> subscription(TenantId tenant, SubscriptionId id) {
    return subscriptions.get(Subscription.topicKey(tenant, id));
  }

  /** A tenant's subscriptions in id order (ids sort by creation time). */
  public List<Subscription> subscriptions(TenantId tenant) {
    return new ArrayList<>(subscriptions.valuesWithPrefix(tenant.value() + '/'));
  }

  /** Writes a subscription; returns once the router will apply it to every later event. */
  public void putSubscription(Subscription sub) {
    RecordMetadata at = write(subscriptions, Topics.SUBSCRIPTIONS, sub.topicKey(),
        JsonSerde.of(Subscription.class).serialize(null, sub));
    awaitRouter(at);
  }

  public void deleteSubscription(TenantId tenant, SubscriptionId id) {
    RecordMetadata at = write(subscriptions, Topics.SUBSCRIPTIONS, Subscription.topicKey(tenant, id),
        null);
    awaitRouter(at);
  }

  private RecordMetadata write(TopicView<?> view, String topic, String key, byte[] value) {
    try {
      RecordMetadata at = producer.send(new ProducerRecord<>(topic, key, value))
          .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!view.awaitApplied(at.partition(), at.offset(), WRITE_TIMEOUT)) {
        log.warn("the view of {} did not reach its own write within {}", topic, WRITE_TIMEOUT);
      }
      return at;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not accept the write to " + topic, e);
    }
  }

  private void awaitRouter(RecordMetadata at) {
    try {
      if (!router.awaitRouted(at.partition(), at.offset(), routerSyncTimeout)) {
        // Written durably; the router applies it in timestamp order when it catches up.
        log.warn("router has not confirmed a subscription change within {}", routerSyncTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    subscriptions.close();
    eventTypes.close();
    tenants.close();
  }
}
