package io.hookstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionFilterTest {
  @Test
  void changedAttributesMatchWhenAnyOfThemChanged() throws Exception {
    SubscriptionFilter priceOnly = filter("{\"changedAttributes\":[\"price\",\"status\"]}");
    assertThat(priceOnly.matches(List.of("title", "price"), null)).isTrue();
    assertThat(priceOnly.matches(List.of("title"), null)).isFalse();
    assertThat(priceOnly.matches(null, null)).isFalse();
    assertThat(priceOnly.needsData()).isFalse();
  }

  @Test
  void dataFieldsMatchByValueOrAnyOfValues() throws Exception {
    SubscriptionFilter sold = filter("{\"data.status\":\"sold\",\"data.property.price\":750000}");
    assertThat(sold.matches(null, data("{\"status\":\"sold\",\"property\":{\"price\":750000.0}}"))).isTrue();
    assertThat(sold.matches(null, data("{\"status\":\"listed\",\"property\":{\"price\":750000}}"))).isFalse();
    assertThat(sold.matches(null, data("{\"status\":\"sold\"}"))).isFalse();
    SubscriptionFilter clients = filter("{\"data.clientCuid\":[\"c1\",\"c2\"]}");
    assertThat(clients.matches(null, data("{\"clientCuid\":\"c2\"}"))).isTrue();
    assertThat(clients.matches(null, data("{\"clientCuid\":\"c3\"}"))).isFalse();
  }

  @Test
  void roundTripsAsTheFlatObjectTheApiTakes() throws Exception {
    String json = "{\"changedAttributes\":[\"price\"],\"data.status\":\"sold\",\"data.client\":[\"a\",\"b\"]}";
    SubscriptionFilter f = filter(json);
    assertThat(Json.toString(f)).isEqualTo(json);
    assertThat(Json.mapper().readValue(Json.toString(f), SubscriptionFilter.class)).isEqualTo(f);
  }

  static SubscriptionFilter filter(String json) throws Exception {
    return SubscriptionFilter.fromJson((ObjectNode) Json.mapper().readTree(json));
  }

  static JsonNode data(String json) throws Exception {
    return Json.mapper().readTree(json);
  }
}
