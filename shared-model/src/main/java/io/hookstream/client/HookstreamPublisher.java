package io.hookstream.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.CanonicalJson;
import io.hookstream.json.Json;
import io.hookstream.model.RawJson;
import java.time.Instant;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.TenantId;
import io.hookstream.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events for upstream services, over the HTTP API or straight to Kafka (the same JSON,
 * keyed by tenant). Returns once the event is durable; give an {@code id} to make a retry safe
 * (a repeated id is delivered once).
 *
 * <pre>{@code
 * try (var hookstream = HookstreamPublisher.overHttp(URI.create("https://hooks.example.com"), apiKey)) {
 *   String id = hookstream.publish("acme", "order.created", Map.of("orderId", "o-1"));
 * }
 * }</pre>
 */
public abstract class HookstreamPublisher implements AutoCloseable {

  /** Through {@code POST /v1/tenants/{tenant}/events} of the API at {@code baseUrl}. */
  public static HookstreamPublisher overHttp(URI baseUrl, String bearerToken) {
    return new OverHttp(baseUrl, bearerToken);
  }

  /**
   * Straight to {@code hookstream.events}; {@code producerConfig} needs at least
   * {@code bootstrap.servers}. Records are acknowledged by all in-sync replicas.
   */
  public static HookstreamPublisher toKafka(Map<String, Object> producerConfig) {
    return new ToKafka(producerConfig, Clock.systemUTC());
  }

  public String publish(String tenant, String type, Object data) {
    return publish(tenant, null, type, data, null);
  }

  /**
   * Publishes one event and answers its id.
   *
   * @param id the event's id, for idempotent retries; null to have one generated
   * @param data anything Jackson writes as a JSON object
   * @param changedAttributes the attributes that changed, for subscriptions that filter on them
   * @throws PublishException when Hookstream refuses the event or cannot be reached
   */
  public String publish(String tenant, String id, String type, Object data,
      List<String> changedAttributes) {
    return publish(tenant, id, type, data, changedAttributes, null, null);
  }

  /**
   * Publishes one event with its time and metadata and answers its id.
   *
   * @param timestamp when the event happened; null for the time it is accepted
   * @param metadata anything Jackson writes as a JSON object (at most 4 KiB), for templates; or
   *     null
   */
  public abstract String publish(String tenant, String id, String type, Object data,
      List<String> changedAttributes, Instant timestamp, Object metadata);

  @Override
  public abstract void close();

  private static final class OverHttp extends HookstreamPublisher {
    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    OverHttp(URI base, String token) {
      this.base = base;
      this.token = token;
    }

    @Override
    public String publish(String tenant, String id, String type, Object data,
        List<String> changedAttributes, Instant timestamp, Object metadata) {
      ObjectNode body = Json.mapper().createObjectNode();
      if (id != null) {
        body.put("id", id);
      }
      body.put("type", type);
      body.set("data", Json.mapper().valueToTree(data));
      if (changedAttributes != null) {
        changedAttributes.forEach(body.putArray("changedAttributes")::add);
      }
      if (timestamp != null) {
        body.put("timestamp", timestamp.toString());
      }
      if (metadata != null) {
        body.set("metadata", Json.mapper().valueToTree(metadata));
      }
      URI uri = base.resolve("/v1/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
          + "/events");
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(Json.toString(body))).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode answer = r.body() == null || r.body().isBlank() ? null
            : Json.mapper().readTree(r.body());
        if (r.statusCode() == 202 && answer != null) {
          return answer.path("id").asText();
        }
        JsonNode error = answer == null ? null : answer.path("error");
        throw new PublishException(r.statusCode(),
            error == null ? "unexpected" : error.path("code").asText(null),
            error == null ? "HTTP " + r.statusCode() : error.path("message").asText(),
            error == null ? null : error.path("field").asText(null),
            r.statusCode() >= 500 || r.statusCode() == 429, null);
      } catch (IOException e) {
        throw new PublishException(0, "unreachable", "Hookstream did not answer: " + e.getMessage(),
            null, true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException(0, "interrupted", "interrupted", null, true, e);
      }
    }

    @Override
    public void close() {
      // the JDK client needs no closing on Java 17
    }
  }

  private static final class ToKafka extends HookstreamPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;

    ToKafka(Map<String, Object> config, Clock clock) {
      Map<String, Object> c = new HashMap<>(config);
      c.put(ProducerConfig.ACKS_CONFIG, "all");
      c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
      this.clock = clock;
    }

    @Override
    public String publish(String tenant, String id, String type, Object data,
        List<String> changedAttributes, Instant timestamp, Object metadata) {
      EventId eventId = id != null ? EventId.of(id) : EventId.generate(clock);
      // Written as JSON.stringify would, and marked so, as the HTTP API writes events.
      Event event = Event.create(eventId, TenantId.of(tenant), type,
          timestamp != null ? timestamp : clock.instant(),
          RawJson.ofTrustedBytes(CanonicalJson.toBytes(Json.mapper().valueToTree(data))),
          changedAttributes, metadata == null ? null
              : RawJson.ofTrustedBytes(CanonicalJson.toBytes(Json.mapper().valueToTree(metadata))));
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EVENTS, tenant,
          Json.toBytes(event));
      CanonicalJson.mark(record.headers());
      try {
        producer.send(record).get(60, TimeUnit.SECONDS);
        return eventId.value();
      } catch (ExecutionException | TimeoutException e) {
        throw new PublishException(0, "unavailable", "Kafka did not take the event: "
            + e.getMessage(), null, true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException(0, "interrupted", "interrupted", null, true, e);
      }
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
