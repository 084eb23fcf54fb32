package io.hookstream.retry.scheduler;

import io.hookstream.config.Env;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;

/** The retry scheduler's configuration, read once at start. */
public record RetrySchedulerConfig(KafkaSettings kafka, TopicSettings topics, int httpPort,
    RetrySchedule retrySchedule) {

  public static RetrySchedulerConfig fromEnv(Env env) {
    return fromEnv(env, KafkaSettings.fromEnv(env));
  }

  public static RetrySchedulerConfig fromEnv(Env env, KafkaSettings kafka) {
    return new RetrySchedulerConfig(kafka, TopicSettings.fromEnv(env, false),
        env.port("HOOKSTREAM_HTTP_PORT", 8080),
        env.retrySchedule("HOOKSTREAM_RETRY_SCHEDULE", RetrySchedule.DEFAULT));
  }
}
