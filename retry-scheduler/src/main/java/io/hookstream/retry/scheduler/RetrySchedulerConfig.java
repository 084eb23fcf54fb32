package io.hookstream.retry.scheduler;

import io.hookstream.config.Env;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;

/**
 * The retry scheduler's configuration, read once at start.
 *
 * @param instanceId {@code HOOKSTREAM_INSTANCE_ID} (the host name): names this scheduler's Kafka
 *     transactions, so a restarted instance fences its crashed predecessor at once instead of
 *     leaving its open transaction to block readers until it times out
 */
public record RetrySchedulerConfig(KafkaSettings kafka, TopicSettings topics, String httpHost,
    int httpPort,
    String instanceId) {

  public static RetrySchedulerConfig fromEnv(Env env) {
    return fromEnv(env, KafkaSettings.fromEnv(env));
  }

  public static RetrySchedulerConfig fromEnv(Env env, KafkaSettings kafka) {
    return new RetrySchedulerConfig(kafka, TopicSettings.fromEnv(env, false),
        env.host("HOOKSTREAM_HTTP_HOST", "0.0.0.0"),
        env.port("HOOKSTREAM_HTTP_PORT", 8080),
        env.optional("HOOKSTREAM_INSTANCE_ID").orElseGet(RetrySchedulerConfig::hostName));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }
}
