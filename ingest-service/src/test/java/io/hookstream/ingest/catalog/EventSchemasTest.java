package io.hookstream.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hookstream.ingest.api.ApiException;
import io.hookstream.json.Json;
import io.hookstream.model.EventType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Schemas are used as given: nothing is ever fetched, and what cannot resolve is refused. */
class EventSchemasTest {
  static JsonNode json(String s) {
    return Json.fromBytes(s.getBytes(), JsonNode.class);
  }

  static ApiException refused(String schema) {
    try {
      EventSchemas.checkSchema(json(schema));
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("accepted " + schema);
  }

  @Test
  void remoteReferencesAndUnknownDraftsAreRefusedWithoutAFetch() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger fetched = new AtomicInteger();
    server.createContext("/", x -> {
      fetched.incrementAndGet();
      x.sendResponseHeaders(200, 2);
      x.getResponseBody().write("{}".getBytes());
      x.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      ApiException ref = refused("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + base
          + "/a.json\"}}}");
      assertThat(ref.status()).isEqualTo(400);
      assertThat(ref.field()).isEqualTo("schema.properties.a.$ref");
      assertThat(refused("{\"$ref\":\"file:///etc/passwd\"}").field()).isEqualTo("schema.$ref");
      assertThat(refused("{\"$schema\":\"" + base + "/meta\",\"type\":\"object\"}").field())
          .isEqualTo("schema.$schema");
      assertThat(refused("{\"$ref\":\"#/$defs/missing\"}").getMessage())
          .startsWith("schema cannot be used:");

      // a schema stored before these checks is applied without a fetch and refuses the event
      EventType old = EventType.create("old.type", "t", null, json("{\"type\":\"object\","
          + "\"properties\":{\"a\":{\"$ref\":\"" + base + "/a.json\"}}}"), null, Instant.now());
      long start = System.nanoTime();
      assertThatThrownBy(() -> new EventSchemas().validate(old, json("{\"a\":1}")))
          .isInstanceOf(ApiException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(fetched).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void localReferencesAndTheStandardDraftsWork() {
    EventSchemas.checkSchema(json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"definitions\":{\"id\":{\"type\":\"string\"}},\"type\":\"object\","
        + "\"properties\":{\"id\":{\"$ref\":\"#/definitions/id\"}}}"));
    EventType type = EventType.create("t.x", null, null, json("{\"$defs\":{\"n\":{\"type\":"
        + "\"number\"}},\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#/$defs/n\"}}}"),
        null, Instant.now());
    EventSchemas.checkSchema(type.schema());
    new EventSchemas().validate(type, json("{\"n\":1}"));
    assertThatThrownBy(() -> new EventSchemas().validate(type, json("{\"n\":\"x\"}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("data.n"));
  }
}
