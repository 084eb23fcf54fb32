package io.hookstream.topics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions a key of the form {@code tenant/rest} by its tenant part, exactly as Kafka's default
 * partitioner places a record keyed by the tenant alone. Subscriptions written with it land on the
 * partition of their tenant's events. Keys without '/' are placed as the default partitioner would.
 */
public final class TenantPartitioner implements Partitioner {

  /** The partition of {@code tenant}'s records among {@code partitions}. */
  public static int partitionOf(String tenant, int partitions) {
    return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** The tenant part of a {@code tenant/rest} key, or the whole key. */
  public static String tenantOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  @Override
  public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
      Cluster cluster) {
    int partitions = cluster.partitionCountForTopic(topic);
    if (key == null) {
      return ThreadLocalRandom.current().nextInt(partitions);
    }
    return partitionOf(tenantOf(key.toString()), partitions);
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
