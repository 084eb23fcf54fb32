package io.hookstream.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.json.Json;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.EventType;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTemplateTest {
  static final Instant AT = Instant.parse("2023-06-15T10:30:00Z");
  static final TenantId ACME = TenantId.of("acme");

  static String render(String template, String data) {
    return render(template, data, null);
  }

  static String render(String template, String data, String metadata) {
    Subscription sub = Subscription.builder(SubscriptionId.of("sub_1"), ACME,
        "https://example.com/hook").name("Orders").events(List.of("*")).build();
    Event event = Event.create(EventId.of("evt_1"), ACME, "order.created", AT,
        RawJson.ofTrustedBytes(data.getBytes(StandardCharsets.UTF_8)), List.of("total"),
        metadata == null ? null : RawJson.ofTrustedBytes(metadata.getBytes(StandardCharsets.UTF_8)));
    DeliveryTask task = DeliveryTask.first(event, sub, Json.raw(WebhookBody.of(event)))
        .withSequence(7);
    EventType type = EventType.create("order.created", "Order created", "An order was placed",
        null, null, AT);
    Tenant tenant = Tenant.create(ACME, "Acme Corp", null, AT);
    return new String(PayloadTemplate.compile(template).render(
        TemplateInput.of(task, sub, type, tenant)), StandardCharsets.UTF_8);
  }

  @Test
  void theInputDocumentHasEveryDocumentedField() {
    assertThat(render("$", "{\"total\":12.5}", "{\"userId\":\"u-1\"}")).isEqualTo(
        "{\"event\":{\"id\":\"evt_1\",\"type\":\"order.created\","
            + "\"timestamp\":\"2023-06-15T10:30:00.000Z\",\"data\":{\"total\":12.5},"
            + "\"changedAttributes\":[\"total\"],\"metadata\":{\"userId\":\"u-1\"}},"
            + "\"subscription\":{\"id\":\"sub_1\",\"name\":\"Orders\",\"url\":\"https://example.com/hook\"},"
            + "\"eventType\":{\"name\":\"order.created\",\"title\":\"Order created\","
            + "\"description\":\"An order was placed\"},"
            + "\"tenant\":{\"id\":\"acme\",\"name\":\"Acme Corp\"},"
            + "\"delivery\":{\"id\":\"" + DeliveryId.of(ACME, EventId.of("evt_1"),
                SubscriptionId.of("sub_1")).value() + "\",\"sequence\":7}}");
  }

  @Test
  void theBodyIsWrittenAsJsonStringifyWrites() {
    assertThat(render("{\"a\": 1e2, \"b\": 1.5, \"c\": 1e21, \"d\": 0.1 + 0.2, \"e\": -0,"
        + " \"f\": event.data.big, \"g\": 2.5e-7, \"h\": 10/4}", "{\"big\":12345678901234567890}"))
        .isEqualTo("{\"a\":100,\"b\":1.5,\"c\":1e+21,\"d\":0.30000000000000004,\"e\":0,"
            + "\"f\":12345678901234567000,\"g\":2.5e-7,\"h\":2.5}");
    assertThat(render("{\"s\": \"\\\"q\\\" \\\\ \\n é €\", \"n\": null, \"t\": true}", "{}"))
        .isEqualTo("{\"s\":\"\\\"q\\\" \\\\ \\n é €\",\"n\":null,\"t\":true}");
  }

  @Test
  void undefinedKeysAreLeftOutAndKeysKeepTheirOrder() {
    assertThat(render("{\"z\": 1, \"missing\": event.data.nope, \"a\": event.data.a,"
        + " \"fn\": function($x) { $x }, \"arr\": [1, event.data.nope, 2]}", "{\"a\":null}"))
        .isEqualTo("{\"z\":1,\"a\":null,\"arr\":[1,2]}");
    assertThat(render("$merge([event.data, {\"changed_attributes\": event.changedAttributes}])",
        "{\"z\":1,\"a\":2}")).isEqualTo("{\"z\":1,\"a\":2,\"changed_attributes\":[\"total\"]}");
  }

  @Test
  void aBodyMustBeAnObjectOrAnArray() {
    assertThat(render("[event.id]", "{}")).isEqualTo("[\"evt_1\"]");
    assertThatThrownBy(() -> render("event.id", "{}")).isInstanceOf(TemplateException.class)
        .hasMessage("the template must produce a JSON object or array, not a string");
    assertThatThrownBy(() -> render("event.data.nope", "{}"))
        .hasMessage("the template produced no value for this event");
  }

  @Test
  void failuresCarryTheLibrarysMessage() {
    assertThatThrownBy(() -> PayloadTemplate.compile("{\"a\": ")).isInstanceOf(TemplateException.class)
        .hasMessageContaining("Expected \"}\"");
    assertThatThrownBy(() -> render("$error(\"no order\")", "{}")).hasMessage("no order");
    assertThatThrownBy(() -> PayloadTemplate.compile(" ")).hasMessage("the template is empty");
    assertThatThrownBy(() -> PayloadTemplate.compile("x".repeat(PayloadTemplate.MAX_SOURCE_CHARS + 1)))
        .hasMessageContaining("longer than");
  }

  @Test
  void aRunawayTemplateIsStoppedByTheRuntimeBounds() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> render("( $f := function($n) { $f($n + 1) + 1 }; {\"n\": $f(0)} )",
        "{}")).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{\"n\": $sum([1..10000000])}", "{}"))
        .isInstanceOf(TemplateException.class).hasMessageContaining("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void theOutputIsCapped() {
    Map<String, Object> big = new LinkedHashMap<>();
    char[] chars = new char[600];
    Arrays.fill(chars, 'x');
    big.put("a", new String(chars));
    big.put("b", new String(chars));
    assertThat(JsJson.body(big, 2000)).hasSize(1215);
    assertThatThrownBy(() -> JsJson.body(big, 1000))
        .hasMessage("the template's output is larger than 1000 bytes");
  }

  @Test
  void compiledTemplatesAreSharedBySource() {
    Templates cache = new Templates(2);
    PayloadTemplate a = cache.compiled("{\"a\": 1}");
    assertThat(cache.compiled("{\"a\": 1}")).isSameAs(a);
    cache.compiled("{\"b\": 1}");
    cache.compiled("{\"c\": 1}");
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.compiled("{\"a\": 1}")).isNotSameAs(a);
  }
}
