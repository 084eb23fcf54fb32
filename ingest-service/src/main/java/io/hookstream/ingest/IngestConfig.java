package io.hookstream.ingest;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.retry.RetrySchedule;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicSettings;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The ingest service's configuration, read once at start.
 *
 * @param adminToken {@code HOOKSTREAM_ADMIN_TOKEN}: may act for any tenant; at least 16 characters
 * @param dataDir {@code HOOKSTREAM_DATA_DIR} (default {@code ./data}): the router's and the views'
 *     local state
 * @param dedupeWindow {@code HOOKSTREAM_DEDUPE_WINDOW} (24h): how long a repeated event id is caught
 * @param routerThreads {@code HOOKSTREAM_ROUTER_THREADS} (1): Kafka Streams threads
 * @param masterKey {@code HOOKSTREAM_MASTER_KEY}: base64 of 32 bytes; seals signing secrets
 *     (AES-256-GCM) before they are written to Kafka. Required; the standalone keeps a generated
 *     one in its data dir
 * @param targets {@code HOOKSTREAM_ALLOW_PRIVATE_TARGETS} (false): whether webhook URLs may point at
 *     private, loopback or link-local addresses (local development only)
 * @param maxEventBytes {@code HOOKSTREAM_MAX_EVENT_BYTES} (262144): the largest publish body; larger
 *     answers 413
 * @param secretGrace {@code HOOKSTREAM_SECRET_ROTATION_GRACE} (24h): how long a rotated-out secret
 *     keeps signing alongside the new one
 * @param logRetention {@code HOOKSTREAM_LOG_RETENTION} (14d): how long the delivery log keeps
 *     deliveries, and the views keep events for lookup and replay
 * @param advertisedHost {@code HOOKSTREAM_ADVERTISED_HOST} (this host's address): how other ingest
 *     instances reach this one's API, to forward queries for the data it holds
 * @param routerCommitInterval {@code HOOKSTREAM_ROUTER_COMMIT_INTERVAL} (25ms): how often the
 *     router commits its exactly-once transaction; deliveries become visible at each commit.
 *     Measured on 2 cores at 1,000 events/s: 100ms gave p99 157 ms end to end, 25ms 67 ms, and
 *     10-15ms worse again (transaction overhead)
 * @param maxWebhooksPerTenant {@code HOOKSTREAM_MAX_WEBHOOKS_PER_TENANT} (1000): beyond it a
 *     create answers 429
 * @param tenantPublishRate {@code HOOKSTREAM_TENANT_PUBLISH_RATE} (0, no limit): events per second
 *     one tenant may publish through the API; beyond it 429 with {@code Retry-After}
 * @param retrySchedule {@code HOOKSTREAM_RETRY_SCHEDULE} (5s,5m,30m,2h,5h,10h): the deployment's
 *     retry schedule, for webhooks and tenants that set none; the same value as the dispatcher's
 * @param viewsThreads {@code HOOKSTREAM_VIEWS_THREADS} (1): Kafka Streams threads of the views
 * @param viewsCommitInterval {@code HOOKSTREAM_VIEWS_COMMIT_INTERVAL} (1s): how often the views
 *     commit; a crash reads at most this much again (harmlessly). Reads see changes at once
 */
public record IngestConfig(
    KafkaSettings kafka,
    TopicSettings topics,
    String httpHost,
    int httpPort,
    String adminToken,
    Path dataDir,
    Duration dedupeWindow,
    int routerThreads,
    Duration routerCommitInterval,
    SecretBox masterKey,
    TargetPolicy targets,
    int maxEventBytes,
    Duration secretGrace,
    Duration logRetention,
    String advertisedHost,
    RetrySchedule retrySchedule,
    int maxWebhooksPerTenant,
    int tenantPublishRate,
    int viewsThreads,
    Duration viewsCommitInterval) {

  public static final int MIN_ADMIN_TOKEN_LENGTH = 16;

  public static IngestConfig fromEnv(Env env) {
    return fromEnv(env, KafkaSettings.fromEnv(env));
  }

  public static IngestConfig fromEnv(Env env, KafkaSettings kafka) {
    String token = env.optional("HOOKSTREAM_ADMIN_TOKEN").orElse("");
    if (token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new ConfigException("HOOKSTREAM_ADMIN_TOKEN", token.isEmpty() ? null : "<hidden>",
          "must be set to a secret of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
    }
    return new IngestConfig(
        kafka,
        TopicSettings.fromEnv(env, false),
        env.host("HOOKSTREAM_HTTP_HOST", "0.0.0.0"),
        env.port("HOOKSTREAM_HTTP_PORT", 8080),
        token,
        env.path("HOOKSTREAM_DATA_DIR", Path.of("data")),
        env.duration("HOOKSTREAM_DEDUPE_WINDOW", Duration.ofHours(24), Duration.ofMinutes(1),
            Duration.ofDays(30)),
        env.integer("HOOKSTREAM_ROUTER_THREADS", 1, 1, 64),
        env.duration("HOOKSTREAM_ROUTER_COMMIT_INTERVAL", Duration.ofMillis(25),
            Duration.ofMillis(5), Duration.ofSeconds(30)),
        SecretBox.fromEnv(env),
        new TargetPolicy(env.bool("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", false)),
        env.integer("HOOKSTREAM_MAX_EVENT_BYTES", 256 * 1024, 1024, 16 * 1024 * 1024),
        env.duration("HOOKSTREAM_SECRET_ROTATION_GRACE", Duration.ofHours(24), Duration.ZERO,
            Duration.ofDays(30)),
        env.duration("HOOKSTREAM_LOG_RETENTION", Duration.ofDays(14), Duration.ofHours(1),
            Duration.ofDays(365)),
        env.optional("HOOKSTREAM_ADVERTISED_HOST").orElseGet(IngestConfig::localAddress),
        env.retrySchedule("HOOKSTREAM_RETRY_SCHEDULE", RetrySchedule.DEFAULT),
        env.integer("HOOKSTREAM_MAX_WEBHOOKS_PER_TENANT", 1000, 1, 1_000_000),
        env.integer("HOOKSTREAM_TENANT_PUBLISH_RATE", 0, 0, 10_000_000),
        env.integer("HOOKSTREAM_VIEWS_THREADS", 1, 1, 64),
        env.duration("HOOKSTREAM_VIEWS_COMMIT_INTERVAL", Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofMinutes(5)));
  }

  private static String localAddress() {
    try {
      return java.net.InetAddress.getLocalHost().getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return "127.0.0.1";
    }
  }

  @Override
  public String toString() {
    return "IngestConfig[kafka=" + kafka.bootstrapServers() + ", httpPort=" + httpPort
        + ", dataDir=" + dataDir + ", dedupeWindow=" + dedupeWindow + "]";
  }
}
