package io.hookstream.ingest;

import io.hookstream.ingest.health.TopicIndexer;
import io.hookstream.ingest.routing.RoutingProcessor;
import io.hookstream.json.JsonSerde;
import io.hookstream.model.EventType;
import io.hookstream.model.Tenant;
import io.hookstream.topics.TenantPartitioner;
import io.hookstream.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The router, the ingest service's exactly-once Kafka Streams application, built in one place:
 * events ⋈ their tenant's subscriptions → delivery tasks. The inputs (events, subscriptions,
 * catalog commands) are co-partitioned by tenant and read by one processor in timestamp order; it
 * remembers which event ids it has seen (deduplication) and is the one writer of tenants, event
 * types and subscriptions, applying each command to the current state of the keys it owns (and
 * telling a tenant, with a {@code hookstream.endpoint.disabled} event, when it disables one of
 * its webhooks). Global copies of the tenants and the event catalog serve the owner's checks.
 * Everything built from attempts, and the event lookup, is in {@code ViewsTopology}.
 */
public final class IngestTopology {

  /** @param dedupeWindow how long a repeated event id is not routed again */
  public record Settings(Duration dedupeWindow) {}

  private IngestTopology() {}

  public static Topology build(Settings settings) {
    Topology t = new Topology();
    StreamPartitioner<String, byte[]> byTenant = (topic, key, value, partitions) ->
        java.util.Optional.of(java.util.Set.of(
            TenantPartitioner.partitionOf(TenantPartitioner.tenantOf(key), partitions)));

    // routing
    t.addSource("inputs", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.SUBSCRIPTIONS, Topics.EVENTS, Topics.COMMANDS);
    t.addProcessor("router", () -> new RoutingProcessor(settings.dedupeWindow()), "inputs");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RoutingProcessor.SUBSCRIPTIONS_STORE),
        Serdes.String(), Serdes.ByteArray()), "router");
    // Only whether an id was seen, for the dedupe window either side of an event's time.
    Duration eventRetention = settings.dedupeWindow().multipliedBy(2);
    t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(RoutingProcessor.EVENTS_STORE,
        eventRetention, Duration.ofMillis(1), false), Serdes.String(), Serdes.ByteArray()), "router");
    t.addSink(RoutingProcessor.DELIVERIES_SINK, Topics.DELIVERIES, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), "router");
    t.addSink(RoutingProcessor.SUBSCRIPTIONS_SINK, Topics.SUBSCRIPTIONS,
        Serdes.String().serializer(), Serdes.ByteArray().serializer(), byTenant, "router");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
        RoutingProcessor.OWNED_TENANTS), Serdes.String(), Serdes.ByteArray()), "router");
    // Each subscription's delivery counter (webhook-sequence), changelogged like the rest.
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
        RoutingProcessor.SEQUENCES), Serdes.String(), Serdes.Long()), "router");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
        RoutingProcessor.OWNED_EVENT_TYPES), Serdes.String(), Serdes.ByteArray()), "router");
    t.addSink(RoutingProcessor.TENANTS_SINK, Topics.TENANTS, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), "router");
    t.addSink(RoutingProcessor.EVENT_TYPES_SINK, Topics.EVENT_TYPES, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), "router");
    t.addSink(RoutingProcessor.RESULTS_SINK, Topics.COMMAND_RESULTS, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), "router");

    t.addSink(RoutingProcessor.EVENTS_SINK, Topics.EVENTS, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), "router");

    t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
            RoutingProcessor.TENANTS), Serdes.String(), JsonSerde.of(Tenant.class))
            .withLoggingDisabled(),
        "tenants-source", Serdes.String().deserializer(), JsonSerde.of(Tenant.class).deserializer(),
        Topics.TENANTS, "tenants-indexer", () -> new TopicIndexer<>(RoutingProcessor.TENANTS));
    t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
            RoutingProcessor.EVENT_TYPES), Serdes.String(), JsonSerde.of(EventType.class))
            .withLoggingDisabled(),
        "event-types-source", Serdes.String().deserializer(),
        JsonSerde.of(EventType.class).deserializer(), Topics.EVENT_TYPES, "event-types-indexer",
        () -> new TopicIndexer<>(RoutingProcessor.EVENT_TYPES));
    return t;
  }
}
