package io.hookstream.ingest.replay;

import io.hookstream.ingest.KafkaUnavailableException;
import io.hookstream.ingest.query.LogPage;
import io.hookstream.ingest.query.StoreQueries;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryLogEntry;
import io.hookstream.model.DeliveryRun;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.WebhookBody;
import io.hookstream.service.KafkaSettings;
import io.hookstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends deliveries again: one, or every failed (or every) delivery of a subscription in a window.
 * The task is rebuilt from the event the router kept, with the body a template rendered for the
 * delivery when the log kept one, so the body is the original one and {@code webhook-id} stays
 * the event's id; it goes to {@code hookstream.deliveries} as a fresh attempt with the whole
 * retry schedule ahead of it. Test sends are not replayed.
 *
 * <p>Each re-sent delivery starts a new run, recorded on {@code hookstream.delivery-runs} before
 * the task is written: an attempt the delivery still had scheduled belongs to an older run, and
 * the dispatcher drops it when it comes due, so a retry replaces the scheduled attempt instead of
 * adding a second request.
 */
public final class Replayer implements AutoCloseable {
  /** Deliveries one replay call queues at most. */
  public static final int MAX_REPLAY = 100_000;
  private static final int PAGE = 500;

  private final KafkaProducer<String, byte[]> producer;
  private final StoreQueries queries;
  private final Clock clock;
  /** The last run number given out, so two retries in one microsecond still differ. */
  private final AtomicLong lastRun = new AtomicLong();

  public Replayer(KafkaSettings kafka, StoreQueries queries, Clock clock) {
    this.clock = clock;
    this.producer = new KafkaProducer<>(kafka.client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-replay",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5)),
        new StringSerializer(), new ByteArraySerializer());
    this.queries = queries;
  }

  /** What a replay found: deliveries queued, and those whose event is no longer kept. */
  public record Result(int queued, int expired) {}

  /** Re-sends the deliveries of these log entries to {@code sub}, as it is now. */
  public Result resend(Subscription sub, List<DeliveryLogEntry> entries) {
    Map<EventId, DeliveryLogEntry> byEvent = new LinkedHashMap<>();
    // In the order they were first sent: by sequence, then time; a FIFO endpoint gets them so.
    entries.stream().sorted(java.util.Comparator.comparing((DeliveryLogEntry e) ->
            e.sequence() == null ? Long.MAX_VALUE : e.sequence())
        .thenComparing(DeliveryLogEntry::firstAttemptAt,
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
        .forEach(e -> byEvent.put(e.eventId(), e));
    List<EventId> ids = new ArrayList<>(byEvent.keySet());
    int queued = 0;
    for (int i = 0; i < ids.size(); i += PAGE) {
      List<DeliveryTask> tasks = new ArrayList<>();
      for (Event event : queries.events(sub.tenant(), ids.subList(i, Math.min(ids.size(), i + PAGE)))) {
        DeliveryLogEntry entry = byEvent.get(event.id());
        RawJson payload = RawJson.ofTrustedBytes(Json.toBytes(WebhookBody.of(event)));
        DeliveryTask first = DeliveryTask.first(event, sub, payload);
        // A body a template rendered for this delivery is sent again byte for byte.
        DeliveryTask base = entry != null && entry.body() != null
            ? first.withRenderedBody(entry.body()) : first;
        DeliveryTask replayed = base.replayedAs(entry == null ? 1 : entry.lastAttemptNumber() + 1,
            sub, nextRun());
        // Its place in the subscription's order stays what the router gave it.
        tasks.add(entry != null && entry.sequence() != null
            ? replayed.withSequence(entry.sequence()) : replayed);
      }
      List<EventId> page = ids.subList(i, Math.min(ids.size(), i + PAGE));
      tasks.sort(java.util.Comparator.comparingInt(t -> page.indexOf(t.eventId())));
      // The runs first: once a task can be attempted, the scheduled attempt it replaces is
      // already known as replaced.
      List<Future<RecordMetadata>> runs = new ArrayList<>();
      for (DeliveryTask task : tasks) {
        runs.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RUNS, task.id().value(),
            Json.toBytes(DeliveryRun.of(task.runNumber(), clock.instant())))));
      }
      awaitAll(runs);
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (DeliveryTask task : tasks) {
        sent.add(producer.send(new ProducerRecord<>(Topics.DELIVERIES, sub.id().value(),
            Json.toBytes(task))));
      }
      awaitAll(sent);
      queued += tasks.size();
    }
    return new Result(queued, ids.size() - queued);
  }

  /** Microseconds since the epoch, increasing: later retries of a delivery get larger runs. */
  private long nextRun() {
    long now = clock.millis() * 1000;
    return lastRun.updateAndGet(last -> Math.max(last + 1, now));
  }

  /** How many deliveries {@link #replay} would re-send for this window, at most MAX_REPLAY. */
  public int matching(Subscription sub, Instant since, Instant until, boolean failedOnly) {
    return entries(sub, since, until, failedOnly).size();
  }

  /** Every failed (or, with {@code failedOnly} false, every) delivery of {@code sub} in the window. */
  public Result replay(Subscription sub, Instant since, Instant until, boolean failedOnly) {
    return resend(sub, entries(sub, since, until, failedOnly));
  }

  private List<DeliveryLogEntry> entries(Subscription sub, Instant since, Instant until,
      boolean failedOnly) {
    List<DeliveryLogEntry> entries = new ArrayList<>();
    String cursor = null;
    do {
      LogPage page = queries.log(sub.id(), failedOnly ? DeliveryLogEntry.Status.FAILED : null,
          since, until, PAGE, cursor);
      page.data().stream().filter(e -> !e.fromTestSend()).forEach(entries::add);
      cursor = page.nextCursor();
    } while (cursor != null && entries.size() < MAX_REPLAY);
    return entries.size() > MAX_REPLAY ? entries.subList(0, MAX_REPLAY) : entries;
  }

  private static void awaitAll(List<Future<RecordMetadata>> sent) {
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while replaying", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not take the replayed deliveries", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
