package io.hookstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.topics.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSettingsTest {
  @Test
  void aReplicatedClusterGetsTwoInSyncReplicasUnlessToldOtherwise() {
    assertThat(settings(Map.of("HOOKSTREAM_REPLICATION_FACTOR", "3")).minInsyncReplicas())
        .isEqualTo(2);
    assertThat(settings(Map.of("HOOKSTREAM_REPLICATION_FACTOR", "3",
        "HOOKSTREAM_MIN_INSYNC_REPLICAS", "3")).minInsyncReplicas()).isEqualTo(3);
    // Unknown replication (the broker's default) keeps the broker's min ISR too.
    assertThat(settings(Map.of()).minInsyncReplicas()).isZero();
    assertThat(settings(Map.of("HOOKSTREAM_REPLICATION_FACTOR", "1")).minInsyncReplicas())
        .isZero();
  }

  @Test
  void aMinIsrAboveTheReplicationFactorFailsNamingTheVariable() {
    assertThatThrownBy(() -> settings(Map.of("HOOKSTREAM_REPLICATION_FACTOR", "2",
        "HOOKSTREAM_MIN_INSYNC_REPLICAS", "3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: HOOKSTREAM_MIN_INSYNC_REPLICAS='3' must not exceed"
            + " HOOKSTREAM_REPLICATION_FACTOR (2), or no write could ever be acknowledged");
    assertThatThrownBy(() -> settings(Map.of("HOOKSTREAM_REPLICATION_FACTOR", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKSTREAM_REPLICATION_FACTOR='0'");
  }

  @Test
  void theTopicsCommandPrintsOneCreateLinePerTopicLaidOutAsTheServicesWouldCreateIt() {
    List<String> lines = TopicsCommand.lines(Env.of(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "b1:9092,b2:9092", "HOOKSTREAM_REPLICATION_FACTOR", "3",
        "HOOKSTREAM_EVENTS_PARTITIONS", "24")));
    List<String> commands = lines.stream().filter(l -> !l.startsWith("#")).toList();
    assertThat(commands).hasSize(13 + 13).allSatisfy(l -> assertThat(l)
        .startsWith("kafka-topics.sh --bootstrap-server b1:9092,b2:9092 --create --if-not-exists")
        .contains(" --replication-factor 3 ").contains("--config min.insync.replicas=2"));
    assertThat(commands).contains(
        "kafka-topics.sh --bootstrap-server b1:9092,b2:9092 --create --if-not-exists"
            + " --topic hookstream.events --partitions 24 --replication-factor 3"
            + " --config cleanup.policy=delete --config min.insync.replicas=2"
            + " --config retention.ms=604800000",
        "kafka-topics.sh --bootstrap-server b1:9092,b2:9092 --create --if-not-exists"
            + " --topic hookstream.subscriptions --partitions 24 --replication-factor 3"
            + " --config cleanup.policy=compact --config min.compaction.lag.ms=0"
            + " --config min.insync.replicas=2 --config segment.ms=3600000",
        "kafka-topics.sh --bootstrap-server b1:9092,b2:9092 --create --if-not-exists"
            + " --topic hookstream.delivery-runs --partitions 12 --replication-factor 3"
            + " --config cleanup.policy=compact,delete --config min.compaction.lag.ms=0"
            + " --config min.insync.replicas=2 --config retention.ms=691200000"
            + " --config segment.ms=3600000");
    assertThat(commands).filteredOn(l -> l.contains("hookstream.retry."))
        .extracting(l -> l.replaceAll(".*--topic (\\S+).*", "$1"))
        .containsExactlyElementsOf(Topics.retryTiers());
  }

  @Test
  void withoutAReplicationFactorTheBrokersDefaultsApply() {
    List<String> commands = TopicsCommand.lines(Env.of(Map.of())).stream()
        .filter(l -> !l.startsWith("#")).toList();
    assertThat(commands).allSatisfy(l -> assertThat(l)
        .contains("--bootstrap-server \"$KAFKA_BOOTSTRAP_SERVERS\"")
        .doesNotContain("--replication-factor").doesNotContain("min.insync.replicas"));
  }

  private static TopicSettings settings(Map<String, String> vars) {
    return TopicSettings.fromEnv(Env.of(vars), false);
  }
}
