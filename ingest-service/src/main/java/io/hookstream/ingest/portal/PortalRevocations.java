package io.hookstream.ingest.portal;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.json.Json;
import io.hookstream.json.JsonSerde;
import io.hookstream.model.PortalRevocation;
import io.hookstream.model.TenantId;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicView;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The revoked portal sessions, shared by every ingest instance through
 * {@code hookstream.portal-revocations}, of which this is the one writer. A revocation holds from
 * its answer on: {@link #revoked} reads through a read barrier, so an instance that did not make
 * the revocation refuses the session too.
 */
public final class PortalRevocations implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TopicView<PortalRevocation> view;
  private final KafkaProducer<String, byte[]> producer;

  public PortalRevocations(KafkaSettings kafka) {
    this.view = new TopicView<>(kafka, Topics.PORTAL_REVOCATIONS,
        JsonSerde.of(PortalRevocation.class));
    this.producer = new KafkaProducer<>(kafka.client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-portal",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
        new StringSerializer(), new ByteArraySerializer());
  }

  public void start() {
    view.start();
  }

  public boolean caughtUp() {
    return view.caughtUp();
  }

  /**
   * Records that {@code tenant}'s session {@code id} is revoked, to be kept until
   * {@code expiresAt} at least; returns once Kafka holds it.
   */
  public void revoke(String id, TenantId tenant, Instant now, Instant expiresAt) {
    try {
      producer.send(new ProducerRecord<>(Topics.PORTAL_REVOCATIONS, id, Json.toBytes(
          new PortalRevocation(PortalRevocation.VERSION, tenant, now, expiresAt))))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while revoking", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not take the revocation", e);
    }
  }

  /** Whether the session was revoked, as of every revocation answered before this call. */
  public boolean revoked(PortalSession session) {
    CompletableFuture<Void> fresh = view.fresh();
    try {
      fresh.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while checking a portal session", e);
    } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
      throw new KafkaUnavailableException("could not check the portal session's revocation", e);
    }
    // Only its own tenant can revoke a session: ids are not secret from the revoker.
    return view.get(session.id()).filter(r -> session.tenant().equals(r.tenant())).isPresent();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    view.close();
  }
}
