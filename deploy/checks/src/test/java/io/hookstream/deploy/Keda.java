package io.hookstream.deploy;

import java.util.List;
import java.util.Map;

/**
 * The fields of KEDA's {@code keda.sh/v1alpha1 ScaledObject} that Hookstream's manifests use, as
 * KEDA documents them; read strictly, so a misspelled field fails. KEDA publishes no Java model.
 */
final class Keda {
  private Keda() {}

  record ScaledObject(String apiVersion, String kind, Metadata metadata, Spec spec) {}

  record Metadata(String name, String namespace, Map<String, String> labels,
      Map<String, String> annotations) {}

  record Spec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount,
      Integer pollingInterval, Integer cooldownPeriod, Integer idleReplicaCount,
      List<Trigger> triggers) {}

  record ScaleTargetRef(String apiVersion, String kind, String name) {}

  /** {@code metadata} keys of the kafka scaler. */
  record Trigger(String type, String name, KafkaMetadata metadata,
      Map<String, String> authenticationRef) {}

  record KafkaMetadata(String bootstrapServers, String consumerGroup, String topic,
      String lagThreshold, String activationLagThreshold, String offsetResetPolicy,
      String allowIdleConsumers, String scaleToZeroOnInvalidOffset, String excludePersistentLag,
      String limitToPartitionsWithLag, String partitionLimitation, String sasl, String tls) {}
}
