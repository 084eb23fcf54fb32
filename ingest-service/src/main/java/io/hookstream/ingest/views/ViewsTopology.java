package io.hookstream.ingest.views;

import io.hookstream.ingest.deliverylog.DeliveryLogProcessor;
import io.hookstream.ingest.events.EventLookupProcessor;
import io.hookstream.ingest.health.HealthProcessor;
import io.hookstream.ingest.health.HealthRecord;
import io.hookstream.ingest.health.TopicIndexer;
import io.hookstream.json.JsonSerde;
import io.hookstream.model.DeliveryAttempt;
import io.hookstream.model.DeliveryLogEntry;
import io.hookstream.model.Tenant;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The views, the ingest service's second Kafka Streams application, built in one place: what the
 * API reads, kept off the routing path so that recording an attempt costs the router nothing.
 *
 * <ul>
 *   <li><b>delivery log</b> and <b>endpoint health</b>, from {@code hookstream.attempts} (keyed by
 *       subscription); health asks the catalog's owner to disable an endpoint that breached its
 *       policy (a command on {@code hookstream.commands});
 *   <li><b>event lookup</b>, from {@code hookstream.events} (keyed by tenant): every event by id;
 *   <li>a global copy of the tenants (their auto-disable policies).
 * </ul>
 *
 * Every update is idempotent (see each processor), so the application runs at-least-once.
 */
public final class ViewsTopology {
  /**
   * @param dedupeWindow how long a repeated event id is the same event
   * @param logRetention how long deliveries stay in the log, and events for lookup and replay
   */
  public record Settings(Duration dedupeWindow, Duration logRetention) {}

  private ViewsTopology() {}

  public static Topology build(Settings settings) {
    Topology t = new Topology();
    StreamPartitioner<String, byte[]> byTenant = (topic, key, value, partitions) ->
        java.util.Optional.of(java.util.Set.of(
            TenantPartitioner.partitionOf(TenantPartitioner.tenantOf(key), partitions)));

    // delivery log and endpoint health
    t.addSource("attempts", Serdes.String().deserializer(),
        JsonSerde.of(DeliveryAttempt.class).deserializer(), Topics.ATTEMPTS);
    t.addProcessor("log", () -> new DeliveryLogProcessor(settings.logRetention()), "attempts");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
        DeliveryLogProcessor.ENTRIES), Serdes.String(), JsonSerde.of(DeliveryLogEntry.class)),
        "log");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
        DeliveryLogProcessor.BY_DELIVERY), Serdes.String(), Serdes.String()), "log");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
        DeliveryLogProcessor.EXPIRY), Serdes.String(), Serdes.String()), "log");
    t.addProcessor("health", HealthProcessor::new, "attempts");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
        HealthProcessor.STORE), Serdes.String(), JsonSerde.of(HealthRecord.class))
        .withCachingEnabled(), "health");
    t.addSink(HealthProcessor.COMMANDS_SINK, Topics.COMMANDS, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), byTenant, "health");
    t.addSink(HealthProcessor.EVENTS_SINK, Topics.EVENTS, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), byTenant, "health");

    // event lookup
    t.addSource("events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.EVENTS);
    t.addProcessor("lookup", () -> new EventLookupProcessor(settings.dedupeWindow()), "events");
    Duration eventRetention = settings.logRetention().compareTo(
        settings.dedupeWindow().multipliedBy(2)) > 0
        ? settings.logRetention() : settings.dedupeWindow().multipliedBy(2);
    t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(
        EventLookupProcessor.STORE, eventRetention, Duration.ofMillis(1), false),
        Serdes.String(), Serdes.ByteArray()), "lookup");

    t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
            HealthProcessor.TENANTS), Serdes.String(), JsonSerde.of(Tenant.class))
            .withLoggingDisabled(),
        "tenants-source", Serdes.String().deserializer(), JsonSerde.of(Tenant.class).deserializer(),
        Topics.TENANTS, "tenants-indexer", () -> new TopicIndexer<>(HealthProcessor.TENANTS));
    return t;
  }
}
