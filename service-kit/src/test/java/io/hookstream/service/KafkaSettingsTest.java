package io.hookstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
  @Test
  void passesClientPropertiesThroughAndTheyWinLast() {
    Env env = Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b1:9092,b2:9092",
        "HOOKSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "HOOKSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "HOOKSTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.jks"));
    KafkaSettings settings = KafkaSettings.fromEnv(env);
    Map<String, Object> client = settings.client(Map.of("security.protocol", "PLAINTEXT", "acks", "all"));
    assertThat(client).containsEntry("bootstrap.servers", "b1:9092,b2:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
        .containsEntry("acks", "all");
  }

  @Test
  void bootstrapServersAreRequiredOutsideTheStandalone() {
    assertThatThrownBy(() -> KafkaSettings.fromEnv(Env.of(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: KAFKA_BOOTSTRAP_SERVERS= must list the Kafka brokers,"
            + " like broker1:9092,broker2:9092");
  }
}
