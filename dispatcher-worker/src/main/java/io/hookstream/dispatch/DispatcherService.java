package io.hookstream.dispatch;

import io.hookstream.json.JsonSerde;
import io.hookstream.model.DeliveryPolicy;
import io.hookstream.model.DeliveryRun;
import io.hookstream.model.EventType;
import io.hookstream.model.FifoState;
import io.hookstream.model.Subscription;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.outbound.Directory;
import io.hookstream.outbound.HttpClients;
import io.hookstream.outbound.HttpSender;
import io.hookstream.outbound.Outbound;
import io.hookstream.templates.Templates;
import io.hookstream.service.Service;
import io.hookstream.service.TopicView;
import io.hookstream.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The dispatcher worker: one consumer in the {@code hookstream-dispatcher} group, one shared
 * HTTP client, one producer for outcomes. Stateless: any number run side by side.
 */
public final class DispatcherService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(DispatcherService.class);
  private final DispatcherConfig config;
  private final TopicView<Subscription> subscriptions;
  private final TopicView<DeliveryRun> runs;
  private final TopicView<Tenant> tenants;
  private final TopicView<EventType> eventTypes;
  private final TopicView<FifoState> fifoStates;
  private final KafkaProducer<String, byte[]> holds;
  private final ScheduledExecutorService fifoLane;
  private final FifoWorker fifo;
  private final Thread fifoThread;
  private final ExecutorService renders;
  private final KafkaProducer<String, byte[]> producer;
  private final OkHttpClient http;
  private final ScheduledExecutorService retries;
  private final DeliveryLoop loop;
  private final Thread thread;
  private final List<KafkaClientMetrics> clientMetrics;

  public DispatcherService(DispatcherConfig config, MeterRegistry registry, Clock clock) {
    this.config = config;
    this.subscriptions = new TopicView<>(config.kafka(), Topics.SUBSCRIPTIONS,
        JsonSerde.of(Subscription.class));
    // Tenants give their webhooks' default policy; tenants and event types what templates read.
    this.tenants = new TopicView<>(config.kafka(), Topics.TENANTS, JsonSerde.of(Tenant.class));
    this.eventTypes = new TopicView<>(config.kafka(), Topics.EVENT_TYPES,
        JsonSerde.of(EventType.class));
    this.runs = new TopicView<>(config.kafka(), Topics.DELIVERY_RUNS,
        JsonSerde.of(DeliveryRun.class));
    this.fifoStates = new TopicView<>(config.kafka(), Topics.FIFO_STATE,
        JsonSerde.of(FifoState.class));
    this.renders = Executors.newFixedThreadPool(config.renderThreads(), r -> {
      Thread t = new Thread(r, "dispatcher-render");
      t.setDaemon(true);
      return t;
    });
    this.producer = new KafkaProducer<>(config.kafka().client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-dispatcher-producer",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024)),
        new StringSerializer(), new ByteArraySerializer());
    // A FIFO endpoint's backlog must be written in the order it is read: idempotent, and never
    // giving up on a record (a failed send retried later could land behind its successors).
    // It also records the FIFO worker's outcomes, without lingering: a FIFO endpoint's next
    // request waits for them, so every millisecond here is one its throughput loses.
    this.holds = new KafkaProducer<>(config.kafka().client(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, "hookstream-dispatcher-fifo-producer",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")),
        new StringSerializer(), new ByteArraySerializer());
    this.http = HttpClients.create(config.maxInFlight(), config.targets(),
        config.virtualThreads());
    this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dispatcher-handoff-retry");
      t.setDaemon(true);
      return t;
    });
    DispatchMetrics metrics = new DispatchMetrics(registry, config.tenantTag());
    EndpointGuard guard = new EndpointGuard(clock);
    retries.scheduleWithFixedDelay(guard::evictIdle, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
    // Re-enabling a subscription gives its endpoint a fresh start: full limit again.
    subscriptions.addListener((key, before, after) -> {
      if (before != null && after != null && !before.enabled() && after.enabled()) {
        guard.reset(after.id());
      }
    });
    Directory directory = new Directory() {
      @Override
      public Optional<EventType> eventType(String name) {
        return eventTypes.get(name);
      }

      @Override
      public Optional<Tenant> tenant(TenantId id) {
        return tenants.get(id.value());
      }
    };
    Outbound outbound = new Outbound(new HttpSender(http, clock), config.targets(),
        config.masterKey(), directory, new Templates(10_000), renders, clock);
    SubscriptionResolver resolver = new SubscriptionResolver(subscriptions, runs, clock);
    java.util.function.Function<Subscription, DeliveryPolicy> policies =
        sub -> DeliveryPolicy.of(sub, tenants.get(sub.tenant().value()).orElse(null),
            config.retrySchedule());
    Handoff handoff = new Handoff(producer, holds, clock, metrics);
    DeliveryPipeline pipeline = new DeliveryPipeline(resolver, guard, outbound, policies,
        handoff, clock, config.maxInFlightPerEndpoint(), config.maxQueuedPerEndpoint(), retries);
    this.fifoLane = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dispatcher-fifo-lanes");
      t.setDaemon(true);
      return t;
    });
    this.fifo = new FifoWorker(consumer(config, Topics.FIFO_GROUP, "hookstream-dispatcher-fifo",
        Map.of()), fifoStates, resolver, guard, outbound, policies,
        new Handoff(holds, holds, clock, metrics), clock, config.commitInterval(),
        config.shutdownGrace(), fifoLane);
    this.fifoThread = new Thread(fifo, "dispatcher-fifo-poll");
    subscriptions.addListener((key, before, after) -> {
      Subscription any = after != null ? after : before;
      if (any != null) {
        fifo.subscriptionChanged(any.id());
      }
    });
    KafkaConsumer<String, byte[]> consumer = consumer(config, Topics.DISPATCHER_GROUP,
        "hookstream-dispatcher", Map.of(
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024,
            // Small per-partition chunks interleave endpoints, so lanes fill evenly in a burst.
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 128 * 1024));
    this.clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
    clientMetrics.forEach(m -> m.bindTo(registry));
    this.loop = new DeliveryLoop(consumer, pipeline, clock, config.maxOutstanding(),
        config.commitInterval(), config.shutdownGrace());
    this.thread = new Thread(loop, "dispatcher-poll");
    metrics.gauge("hookstream_dispatch_in_flight", "HTTP requests in flight",
        () -> pipeline.gate().inFlight());
    metrics.gauge("hookstream_dispatch_assigned_partitions",
        "Partitions of hookstream.deliveries this worker consumes", loop::assignedPartitions);
    metrics.gauge("hookstream_endpoints_limited",
        "Endpoints whose concurrency limit is below their maximum after failures",
        guard::limitedEndpoints);
    metrics.gauge("hookstream_fifo_backlog",
        "Deliveries waiting at FIFO endpoints of this worker, as far as read", fifo::backlog);
    metrics.gauge("hookstream_fifo_endpoints_paused",
        "FIFO endpoints of this worker halted or disabled with deliveries waiting", fifo::paused);
    metrics.gauge("hookstream_dispatch_outstanding",
        "Deliveries held in memory: in flight, waiting for an endpoint, or being recorded",
        loop::outstanding);
  }

  /**
   * A consumer of {@code group}: commits by hand, starts from the earliest record, reads only
   * committed ones, and a crashed worker's partitions move to the others after 15 s (not Kafka's
   * default 45 s), cooperatively.
   */
  private static KafkaConsumer<String, byte[]> consumer(DispatcherConfig config, String group,
      String clientId, Map<String, Object> more) {
    Map<String, Object> settings = new java.util.HashMap<>(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.CLIENT_ID_CONFIG, clientId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName()));
    settings.putAll(more);
    return new KafkaConsumer<>(config.kafka().client(settings), new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  @Override
  public String name() {
    return "dispatcher";
  }

  @Override
  public void start() {
    LOG.info("dispatcher starting: {} requests in flight at most, on {} threads", config.maxInFlight(),
        config.virtualThreads() && io.hookstream.outbound.VirtualThreads.available()
            ? "virtual" : "platform");
    tenants.start();
    eventTypes.start();
    subscriptions.start();
    runs.start();
    fifoStates.start();
    thread.start();
    fifoThread.start();
  }

  @Override
  public boolean ready() {
    return subscriptions.caughtUp() && runs.caughtUp() && tenants.caughtUp() && eventTypes.caughtUp()
        && fifoStates.caughtUp() && thread.isAlive() && fifoThread.isAlive();
  }

  @Override
  public void close() {
    loop.stop();
    fifo.stop();
    try {
      thread.join(config.shutdownGrace().toMillis() + 15_000);
      fifoThread.join(config.shutdownGrace().toMillis() + 15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fifoLane.shutdownNow();
    holds.close(java.time.Duration.ofSeconds(10));
    fifoStates.close();
    clientMetrics.forEach(KafkaClientMetrics::close);
    producer.close(java.time.Duration.ofSeconds(10));
    // Before the executor its waiting sends continue on: they are abandoned, not left hanging.
    subscriptions.close();
    runs.close();
    retries.shutdownNow();
    renders.shutdownNow();
    tenants.close();
    eventTypes.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
