package io.hookstream.dispatch;

import io.hookstream.config.Env;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import java.time.Duration;

/**
 * The dispatcher's configuration, read once at start.
 *
 * @param maxInFlight {@code HOOKSTREAM_DISPATCH_MAX_IN_FLIGHT} (1024): concurrent requests per
 *     worker. OkHttp holds a thread per request in flight; on 2 cores 1024 measured best (2048
 *     thrashed); raise it with the cores
 * @param maxInFlightPerEndpoint {@code HOOKSTREAM_DISPATCH_MAX_IN_FLIGHT_PER_ENDPOINT} (100):
 *     concurrent requests to one subscription
 * @param maxQueuedPerEndpoint {@code HOOKSTREAM_DISPATCH_MAX_QUEUED_PER_ENDPOINT} (1024): deliveries
 *     waiting for a busy endpoint; beyond it they go to the first retry tier, not counted as
 *     attempts. Kept well below {@code maxOutstanding}, so one endpoint can never hold them all
 * @param maxOutstanding {@code HOOKSTREAM_DISPATCH_MAX_OUTSTANDING} (8192): deliveries held in
 *     memory (in flight, waiting, being recorded); the consumer pauses beyond it
 * @param commitInterval {@code HOOKSTREAM_DISPATCH_COMMIT_INTERVAL} (500ms)
 * @param masterKey {@code HOOKSTREAM_MASTER_KEY}: opens the sealed signing secrets (required)
 * @param targets {@code HOOKSTREAM_ALLOW_PRIVATE_TARGETS} (false): whether requests may go to
 *     private, loopback or link-local addresses; checked at every connect
 * @param tenantTag {@code HOOKSTREAM_METRICS_TENANT_TAG} (false): tag delivery counters with the
 *     tenant id; only where the number of tenants is small enough for Prometheus
 * @param shutdownGrace {@code HOOKSTREAM_DISPATCH_SHUTDOWN_GRACE} (30s): how long a stopping worker
 *     lets requests in flight finish before handing them back
 * @param renderThreads {@code HOOKSTREAM_DISPATCH_RENDER_THREADS} (the number of cores): threads
 *     that run payload templates, off the poll and HTTP threads
 * @param virtualThreads {@code HOOKSTREAM_DISPATCH_VIRTUAL_THREADS} (true): run HTTP calls on
 *     virtual threads when the JVM has them (21+); ignored on 17
 */
public record DispatcherConfig(
    KafkaSettings kafka,
    TopicSettings topics,
    String httpHost,
    int httpPort,
    RetrySchedule retrySchedule,
    int maxInFlight,
    int maxInFlightPerEndpoint,
    int maxQueuedPerEndpoint,
    int maxOutstanding,
    Duration commitInterval,
    SecretBox masterKey,
    TargetPolicy targets,
    boolean tenantTag,
    Duration shutdownGrace,
    int renderThreads,
    boolean virtualThreads) {

  public static DispatcherConfig fromEnv(Env env) {
    return fromEnv(env, KafkaSettings.fromEnv(env));
  }

  public static DispatcherConfig fromEnv(Env env, KafkaSettings kafka) {
    int maxInFlight = env.integer("HOOKSTREAM_DISPATCH_MAX_IN_FLIGHT", 1024, 1, 65_536);
    return new DispatcherConfig(
        kafka,
        TopicSettings.fromEnv(env, false),
        env.host("HOOKSTREAM_HTTP_HOST", "0.0.0.0"),
        env.port("HOOKSTREAM_HTTP_PORT", 8080),
        env.retrySchedule("HOOKSTREAM_RETRY_SCHEDULE", RetrySchedule.DEFAULT),
        maxInFlight,
        env.integer("HOOKSTREAM_DISPATCH_MAX_IN_FLIGHT_PER_ENDPOINT", 100, 1, 65_536),
        env.integer("HOOKSTREAM_DISPATCH_MAX_QUEUED_PER_ENDPOINT", 1024, 0, 1_000_000),
        env.integer("HOOKSTREAM_DISPATCH_MAX_OUTSTANDING", Math.max(8192, 8 * maxInFlight), 1,
            1_000_000),
        env.duration("HOOKSTREAM_DISPATCH_COMMIT_INTERVAL", Duration.ofMillis(500),
            Duration.ofMillis(10), Duration.ofMinutes(1)),
        SecretBox.fromEnv(env),
        new TargetPolicy(env.bool("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", false)),
        env.bool("HOOKSTREAM_METRICS_TENANT_TAG", false),
        env.duration("HOOKSTREAM_DISPATCH_SHUTDOWN_GRACE", Duration.ofSeconds(30), Duration.ZERO,
            Duration.ofMinutes(10)),
        env.integer("HOOKSTREAM_DISPATCH_RENDER_THREADS",
            Runtime.getRuntime().availableProcessors(), 1, 256),
        env.bool("HOOKSTREAM_DISPATCH_VIRTUAL_THREADS", true));
  }
}
