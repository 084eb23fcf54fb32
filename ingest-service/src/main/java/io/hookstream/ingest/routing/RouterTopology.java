package io.hookstream.ingest.routing;

import io.hookstream.json.JsonSerde;
import io.hookstream.model.DeliveryTask;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The router: events ⋈ their tenant's subscriptions → one delivery task per match.
 *
 * <p>{@code hookstream.subscriptions} and {@code hookstream.events} are co-partitioned by tenant,
 * so both feed the same task, which keeps the tenant's subscriptions in a local store and reads
 * both inputs in timestamp order. Exactly-once processing makes the store, the deduplication window
 * and the emitted deliveries commit together.
 */
public final class RouterTopology {
  public static final String SUBSCRIPTIONS_STORE = "subscriptions";
  public static final String SEEN_EVENTS_STORE = "seen-events";

  private RouterTopology() {}

  /**
   * Builds the topology.
   *
   * @param dedupeWindow how long a producer-given event id is remembered; a repeat within it is
   *     not routed again
   */
  public static Topology build(Duration dedupeWindow) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(SUBSCRIPTIONS_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(SEEN_EVENTS_STORE, dedupeWindow.multipliedBy(2),
            Duration.ofMillis(1), false),
        Serdes.String(), Serdes.Long()));

    // One source over both topics: one task reads a partition of each, in timestamp order.
    builder.stream(List.of(Topics.SUBSCRIPTIONS, Topics.EVENTS),
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inputs"))
        .process(() -> new RoutingProcessor(dedupeWindow), SUBSCRIPTIONS_STORE, SEEN_EVENTS_STORE)
        .to(Topics.DELIVERIES, Produced.with(Serdes.String(), JsonSerde.of(DeliveryTask.class))
            .withName("deliveries-sink"));
    return builder.build();
  }
}
