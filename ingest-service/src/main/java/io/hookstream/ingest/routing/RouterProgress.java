package io.hookstream.ingest.routing;

import io.hookstream.service.KafkaSettings;
import io.hookstream.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when the router, wherever it runs, has processed a record: its exactly-once commits move
 * the application's committed offsets only after the record's effects are in its state. The API
 * uses this to answer a subscription change only once events published after the answer will see it.
 */
public final class RouterProgress implements AutoCloseable {
  private static final long POLL_MILLIS = 20;
  private final Admin admin;

  public RouterProgress(KafkaSettings kafka) {
    this.admin = Admin.create(kafka.client(Map.of("client.id", "hookstream-router-progress")));
  }

  /**
   * Waits until the router has committed past {@code offset} of {@code partition} of the
   * subscriptions topic; false when {@code timeout} passes first.
   */
  public boolean awaitRouted(int partition, long offset, Duration timeout)
      throws InterruptedException {
    TopicPartition tp = new TopicPartition(Topics.SUBSCRIPTIONS, partition);
    long deadline = System.nanoTime() + timeout.toNanos();
    ListConsumerGroupOffsetsOptions stable = new ListConsumerGroupOffsetsOptions().requireStable(true);
    while (true) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
            .listConsumerGroupOffsets(Topics.ROUTER_APPLICATION_ID, stable)
            .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
        OffsetAndMetadata at = committed.get(tp);
        if (at != null && at.offset() > offset) {
          return true;
        }
      } catch (ExecutionException | TimeoutException e) {
        // the group may not exist yet or the coordinator may be moving: try again
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS) > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
