package io.hookstream.ingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.ingest.api.Page;
import io.hookstream.ingest.deliverylog.DeliveryLogProcessor;
import io.hookstream.ingest.deliverylog.LogKeys;
import io.hookstream.ingest.health.HealthProcessor;
import io.hookstream.ingest.events.EventLookupProcessor;
import io.hookstream.ingest.health.HealthRecord;
import io.hookstream.json.Json;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryLogEntry;
import io.hookstream.model.EndpointHealth;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the ingest application's stores wherever their keys live. Every instance knows, through
 * Kafka Streams' metadata, which instance holds a key; it reads its own stores directly and asks
 * the others over their internal HTTP routes ({@link InternalApi}), with the admin token.
 */
public final class StoreQueries {
  /** How far a log page scans past entries its filter drops, so one request stays bounded. */
  static final int MAX_SCAN = 10_000;

  private final Supplier<KafkaStreams> streams;
  private final Supplier<HostInfo> selfHost;
  private final String adminToken;
  private final Duration retention;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public StoreQueries(Supplier<KafkaStreams> streams, Supplier<HostInfo> self, String adminToken,
      Duration retention) {
    this.streams = streams;
    this.selfHost = self;
    this.adminToken = adminToken;
    this.retention = retention;
  }

  public Optional<EndpointHealth> health(SubscriptionId sub) {
    HostInfo owner = owner(HealthProcessor.STORE, sub.value());
    if (owner.equals(selfHost.get())) {
      return Optional.ofNullable(local(HealthProcessor.STORE, HealthRecord.class).get(sub.value()))
          .map(HealthRecord::health);
    }
    return remote(owner, "/internal/v1/health/" + enc(sub.value()), EndpointHealth.class);
  }

  public LogPage log(SubscriptionId sub, DeliveryLogEntry.Status status, Instant since,
      Instant until, int limit, String cursor) {
    HostInfo owner = owner(DeliveryLogProcessor.ENTRIES, sub.value());
    if (owner.equals(selfHost.get())) {
      return localLog(sub, status, since, until, limit, cursor);
    }
    StringBuilder path = new StringBuilder("/internal/v1/log/" + enc(sub.value()) + "?limit=" + limit);
    if (status != null) {
      path.append("&status=").append(status.wireName());
    }
    if (since != null) {
      path.append("&since=").append(enc(since.toString()));
    }
    if (until != null) {
      path.append("&until=").append(enc(until.toString()));
    }
    if (cursor != null) {
      path.append("&cursor=").append(enc(cursor));
    }
    return remote(owner, path.toString(), LogPage.class).orElse(new LogPage(List.of(), null));
  }

  /** What a log read keeps: a status, an event type and a window of first attempts. */
  public record LogFilter(DeliveryLogEntry.Status status, String eventType, Instant since,
      Instant until) {
    boolean keeps(DeliveryLogEntry e) {
      return (status == null || e.status() == status)
          && (eventType == null || eventType.equals(e.eventType()));
    }
  }

  /** Entries of several subscriptions in log order, and whether any of them has more. */
  public record MultiPage(List<DeliveryLogEntry> data, boolean more) {}

  /**
   * The deliveries of several subscriptions (a tenant's), newest first across all of them: each
   * instance holding some of them reads its share, and the pages are merged here. The cursor is
   * the position of the last entry answered.
   */
  public LogPage multiLog(List<SubscriptionId> subs, LogFilter filter, int limit, String cursor) {
    String after = cursor == null ? null : decode(cursor);
    java.util.Map<HostInfo, List<SubscriptionId>> byOwner = new java.util.LinkedHashMap<>();
    for (SubscriptionId sub : subs) {
      byOwner.computeIfAbsent(owner(DeliveryLogProcessor.ENTRIES, sub.value()),
          h -> new ArrayList<>()).add(sub);
    }
    List<DeliveryLogEntry> all = new ArrayList<>();
    boolean more = false;
    for (var share : byOwner.entrySet()) {
      MultiPage page = share.getKey().equals(selfHost.get())
          ? localMultiLog(share.getValue(), filter, limit, after)
          : remoteMultiLog(share.getKey(), share.getValue(), filter, limit, after);
      all.addAll(page.data());
      more |= page.more();
    }
    all.sort(java.util.Comparator.comparing(e -> LogKeys.suffix(e.firstAttemptAt(), e.id())));
    if (all.size() > limit) {
      more = true;
      all = all.subList(0, limit);
    }
    DeliveryLogEntry last = all.isEmpty() ? null : all.get(all.size() - 1);
    return new LogPage(List.copyOf(all), more && last != null
        ? encode(LogKeys.suffix(last.firstAttemptAt(), last.id())) : null);
  }

  private MultiPage remoteMultiLog(HostInfo owner, List<SubscriptionId> subs, LogFilter filter,
      int limit, String after) {
    ObjectNode body = Json.mapper().createObjectNode().put("limit", limit);
    subs.forEach(s -> body.withArray("subscriptions").add(s.value()));
    if (filter.status() != null) {
      body.put("status", filter.status().wireName());
    }
    if (filter.eventType() != null) {
      body.put("type", filter.eventType());
    }
    if (filter.since() != null) {
      body.put("since", filter.since().toString());
    }
    if (filter.until() != null) {
      body.put("until", filter.until().toString());
    }
    if (after != null) {
      body.put("after", after);
    }
    return Json.mapper().convertValue(post(owner, "/internal/v1/log-multi", body),
        MultiPage.class);
  }

  /** This instance's share of a multi-subscription read: up to {@code limit} per subscription. */
  MultiPage localMultiLog(List<SubscriptionId> subs, LogFilter filter, int limit, String after) {
    ReadOnlyKeyValueStore<String, DeliveryLogEntry> store =
        local(DeliveryLogProcessor.ENTRIES, DeliveryLogEntry.class);
    List<DeliveryLogEntry> out = new ArrayList<>();
    boolean more = false;
    for (SubscriptionId sub : subs) {
      String prefix = LogKeys.subscriptionPrefix(sub);
      String from = after != null ? prefix + after + '\u0000'
          : filter.until() != null ? LogKeys.notAfter(sub, filter.until()) : prefix;
      String to = filter.since() != null ? LogKeys.notBefore(sub, filter.since())
          : prefix + '\uffff';
      int found = 0;
      int scanned = 0;
      try (KeyValueIterator<String, DeliveryLogEntry> it = store.range(from, to)) {
        while (it.hasNext() && found < limit && scanned < MAX_SCAN) {
          DeliveryLogEntry e = it.next().value;
          scanned++;
          if (filter.keeps(e)) {
            out.add(e);
            found++;
          }
        }
        more |= it.hasNext();
      }
    }
    return new MultiPage(out, more);
  }

  /** A delivery of a known subscription. */
  public Optional<DeliveryLogEntry> delivery(SubscriptionId sub, DeliveryId id) {
    HostInfo owner = owner(DeliveryLogProcessor.ENTRIES, sub.value());
    if (owner.equals(selfHost.get())) {
      return localDelivery(id);
    }
    return remote(owner, "/internal/v1/deliveries/" + enc(id.value()), DeliveryLogEntry.class);
  }

  /** A delivery whose subscription is not known: every instance looks in its own log. */
  public Optional<DeliveryLogEntry> delivery(DeliveryId id) {
    Optional<DeliveryLogEntry> here = localDelivery(id);
    if (here.isPresent()) {
      return here;
    }
    for (StreamsMetadata instance : running().metadataForAllStreamsClients()) {
      if (!instance.hostInfo().equals(selfHost.get())) {
        Optional<DeliveryLogEntry> there = remote(instance.hostInfo(),
            "/internal/v1/deliveries/" + enc(id.value()), DeliveryLogEntry.class);
        if (there.isPresent()) {
          return there;
        }
      }
    }
    return Optional.empty();
  }

  /** Events of one tenant, as the event lookup keeps them (within the log retention). */
  public List<Event> events(TenantId tenant, List<EventId> ids) {
    HostInfo owner = owner(EventLookupProcessor.STORE, tenant.value());
    if (owner.equals(selfHost.get())) {
      return localEvents(tenant, ids);
    }
    ObjectNode body = Json.mapper().createObjectNode();
    ids.forEach(id -> body.withArray("ids").add(id.value()));
    JsonNode answer = post(owner, "/internal/v1/events/" + enc(tenant.value()), body);
    List<Event> out = new ArrayList<>();
    answer.path("data").forEach(e -> out.add(Json.mapper().convertValue(e, Event.class)));
    return out;
  }

  // ---- local reads, also serving the internal routes ----

  LogPage localLog(SubscriptionId sub, DeliveryLogEntry.Status status, Instant since,
      Instant until, int limit, String cursor) {
    ReadOnlyKeyValueStore<String, DeliveryLogEntry> store =
        local(DeliveryLogProcessor.ENTRIES, DeliveryLogEntry.class);
    String prefix = LogKeys.subscriptionPrefix(sub);
    String from = cursor != null ? decode(cursor) + '\u0000'
        : until != null ? LogKeys.notAfter(sub, until) : prefix;
    String to = since != null ? LogKeys.notBefore(sub, since) : prefix + '\uffff';
    List<DeliveryLogEntry> page = new ArrayList<>();
    String last = null;
    int scanned = 0;
    try (KeyValueIterator<String, DeliveryLogEntry> it = store.range(from, to)) {
      while (it.hasNext() && page.size() < limit && scanned < MAX_SCAN) {
        var kv = it.next();
        scanned++;
        last = kv.key;
        if (status == null || kv.value.status() == status) {
          page.add(kv.value);
        }
      }
      boolean more = it.hasNext();
      return new LogPage(page, more && last != null ? encode(last) : null);
    }
  }

  Optional<DeliveryLogEntry> localDelivery(DeliveryId id) {
    String key = local(DeliveryLogProcessor.BY_DELIVERY, String.class).get(id.value());
    return key == null ? Optional.empty()
        : Optional.ofNullable(local(DeliveryLogProcessor.ENTRIES, DeliveryLogEntry.class).get(key));
  }

  List<Event> localEvents(TenantId tenant, List<EventId> ids) {
    ReadOnlyWindowStore<String, byte[]> store;
    try {
      store = running().store(StoreQueryParameters.fromNameAndType(EventLookupProcessor.STORE,
          QueryableStoreTypes.<String, byte[]>windowStore()));
    } catch (InvalidStateStoreException e) {
      throw new QueryUnavailableException("the event store is not ready", e);
    }
    Instant now = Instant.now();
    List<Event> out = new ArrayList<>();
    for (EventId id : ids) {
      try (WindowStoreIterator<byte[]> it = store.backwardFetch(tenant.value() + '/' + id.value(),
          now.minus(retention), now.plus(Duration.ofDays(1)))) {
        if (it.hasNext()) {
          out.add(Json.fromBytes(it.next().value, Event.class));
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  <V> ReadOnlyKeyValueStore<String, V> local(String store, Class<V> type) {
    try {
      return (ReadOnlyKeyValueStore<String, V>) (ReadOnlyKeyValueStore<?, ?>) running().store(
          StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new QueryUnavailableException(store + " is not ready here yet", e);
    }
  }

  private KafkaStreams running() {
    KafkaStreams s = streams.get();
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      throw new QueryUnavailableException("the ingest service is starting or rebalancing", null);
    }
    return s;
  }

  private HostInfo owner(String store, String partitionKey) {
    KeyQueryMetadata meta = running().queryMetadataForKey(store, partitionKey,
        Serdes.String().serializer());
    if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw new QueryUnavailableException("no instance holds " + store + " for this key yet", null);
    }
    return meta.activeHost();
  }

  private <T> Optional<T> remote(HostInfo owner, String path, Class<T> type) {
    HttpResponse<String> r = call(owner, HttpRequest.newBuilder(uri(owner, path)).GET());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(Json.fromBytes(r.body().getBytes(StandardCharsets.UTF_8), type));
  }

  private JsonNode post(HostInfo owner, String path, JsonNode body) {
    HttpResponse<String> r = call(owner, HttpRequest.newBuilder(uri(owner, path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.toString(body))));
    return Json.fromBytes(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
  }

  private HttpResponse<String> call(HostInfo owner, HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + adminToken)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 500) {
        throw new QueryUnavailableException("the instance at " + owner + " answered "
            + r.statusCode(), null);
      }
      return r;
    } catch (IOException e) {
      throw new QueryUnavailableException("the instance at " + owner + " is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryUnavailableException("interrupted", e);
    }
  }

  private static URI uri(HostInfo host, String path) {
    return URI.create("http://" + host.host() + ":" + host.port() + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String encode(String key) {
    return Page.encode(key);
  }

  static String decode(String cursor) {
    String key = Page.decode(cursor);
    if (key == null) {
      throw new IllegalArgumentException("cursor is not one this API gave out");
    }
    return key;
  }
}
