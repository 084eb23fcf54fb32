package io.hookstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void retryTiersAreTheFixedSetNamedByDelay() {
    assertThat(Topics.retryTiers()).containsExactly("hookstream.retry.1s", "hookstream.retry.5s",
        "hookstream.retry.10s", "hookstream.retry.30s", "hookstream.retry.1m",
        "hookstream.retry.5m", "hookstream.retry.10m", "hookstream.retry.30m",
        "hookstream.retry.1h", "hookstream.retry.2h", "hookstream.retry.5h",
        "hookstream.retry.10h", "hookstream.retry.1d");
    assertThat(Topics.retryDelay("hookstream.retry.30m")).isEqualTo(Duration.ofMinutes(30));
    // an older version's tier for its own schedule is still consumed
    assertThat(Topics.RETRY_TIER_PATTERN.matcher("hookstream.retry.3s").matches()).isTrue();
    assertThat(Topics.RETRY_TIER_PATTERN.matcher("hookstream.retryx").matches()).isFalse();
  }

  @Test
  void subscriptionsAreCoPartitionedWithEvents() {
    var all = Topics.all(TopicLayout.DEFAULT);
    var events = all.stream().filter(t -> t.name().equals(Topics.EVENTS)).findFirst().orElseThrow();
    var subs = all.stream().filter(t -> t.name().equals(Topics.SUBSCRIPTIONS)).findFirst().orElseThrow();
    assertThat(subs.partitions()).isEqualTo(events.partitions());
    assertThat(subs.compacted()).isTrue();
    assertThat(events.compacted()).isFalse();
    assertThat(all).extracting(TopicSpec::name).doesNotHaveDuplicates()
        .allMatch(n -> n.startsWith("hookstream."));
  }

  @Test
  void tenantPartitionerPlacesKeysWhereTheDefaultPartitionerPlacesTheTenant() {
    for (String tenant : new String[] {"acme", "globex", "t-1", "initech_42"}) {
      for (int partitions : new int[] {1, 3, 6, 12, 50}) {
        int byDefault = BuiltInPartitioner.partitionForKey(
            tenant.getBytes(StandardCharsets.UTF_8), partitions);
        assertThat(TenantPartitioner.partitionOf(
            TenantPartitioner.tenantOf(tenant + "/sub_123"), partitions)).isEqualTo(byDefault);
      }
    }
  }
}
